namespace Airwave.Streaming.Channels;

/// <summary>Journal event: the channel may hand out sequence numbers up to <paramref name="UpTo"/> without writing again.</summary>
public sealed record SequenceReserved(long UpTo)
{
    public const string Manifest = "channel.sequence-reserved.v1";
}
