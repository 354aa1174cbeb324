using System.Text.Json;

namespace Airwave.Persistence;

/// <summary>The default codec: UTF-8 JSON through System.Text.Json (reflection, or source-generated via the options' type info resolver).</summary>
public sealed class JsonPayloadCodec : IPayloadCodec
{
    /// <summary>The serializer id JSON payloads are stored with.</summary>
    public const int JsonSerializerId = 1;

    private readonly JsonSerializerOptions options;

    /// <summary>A codec using <see cref="JsonSerializerDefaults.Web"/>, or the given options (e.g. with a source-generated context).</summary>
    public JsonPayloadCodec(JsonSerializerOptions? options = null)
    {
        this.options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    /// <inheritdoc />
    public int Id => JsonSerializerId;

    /// <inheritdoc />
    public byte[] Serialize(object value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, options);

    /// <inheritdoc />
    public object Deserialize(ReadOnlySpan<byte> bytes, Type type) =>
        JsonSerializer.Deserialize(bytes, type, options)
        ?? throw new JsonException($"The payload of type {type} deserialized to null.");
}
