using System.Text.Json;

namespace Airwave.Streaming.Sessions;

/// <summary>How session states and connection records are stored: UTF-8 JSON, camelCase, the shape an operator can read in the database.</summary>
internal static class SessionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(byte[] json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"a stored {typeof(T).Name} read as null");
}
