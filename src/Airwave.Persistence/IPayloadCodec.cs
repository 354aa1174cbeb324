namespace Airwave.Persistence;

/// <summary>Turns objects of a known CLR type into bytes and back; its <see cref="Id"/> is stored with every payload.</summary>
public interface IPayloadCodec
{
    /// <summary>The stable id stored in the journal's identifier and the snapshot's serializer_id column.</summary>
    int Id { get; }

    /// <summary>Serializes <paramref name="value"/> as <paramref name="type"/>.</summary>
    byte[] Serialize(object value, Type type);

    /// <summary>Reads an object of <paramref name="type"/> from <paramref name="bytes"/>.</summary>
    object Deserialize(ReadOnlySpan<byte> bytes, Type type);
}
