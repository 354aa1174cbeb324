using System.Collections.Concurrent;

namespace Airwave.Persistence;

/// <summary>
/// Maps event and snapshot types to stable manifests and back. The manifest, never the CLR name, is stored, so
/// a type can be renamed or moved freely; old manifests can be aliased to a new type or upcast through a function.
/// </summary>
public sealed class EventSerializer
{
    private readonly ConcurrentDictionary<Type, (string Manifest, IPayloadCodec Codec)> byType = new();
    private readonly ConcurrentDictionary<string, Func<SerializedPayload, object>> byManifest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, IPayloadCodec> codecs = new();
    private readonly IPayloadCodec defaultCodec;

    /// <summary>A registry whose registrations use <paramref name="defaultCodec"/> (JSON when null) unless they name another.</summary>
    public EventSerializer(IPayloadCodec? defaultCodec = null)
    {
        this.defaultCodec = defaultCodec ?? new JsonPayloadCodec();
        codecs[this.defaultCodec.Id] = this.defaultCodec;
    }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/>: written with it and read back from it.</summary>
    public EventSerializer Register<T>(string manifest, IPayloadCodec? codec = null)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        var chosen = AddCodec(codec);
        if (!byType.TryAdd(typeof(T), (manifest, chosen)))
        {
            throw new InvalidOperationException($"{typeof(T).FullName} is already registered as '{byType[typeof(T)].Manifest}'.");
        }

        AddReader(manifest, payload => Decode(payload, typeof(T)));
        return this;
    }

    /// <summary>Reads payloads stored under <paramref name="oldManifest"/> as <typeparamref name="T"/> (same shape, new name).</summary>
    public EventSerializer RegisterAlias<T>(string oldManifest)
        where T : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(oldManifest);
        AddReader(oldManifest, payload => Decode(payload, typeof(T)));
        return this;
    }

    /// <summary>Reads payloads stored under <paramref name="oldManifest"/> as <typeparamref name="TOld"/> and converts them with <paramref name="upcast"/>.</summary>
    public EventSerializer RegisterUpcaster<TOld, TNew>(string oldManifest, Func<TOld, TNew> upcast)
        where TOld : notnull
        where TNew : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(oldManifest);
        ArgumentNullException.ThrowIfNull(upcast);
        AddReader(oldManifest, payload => upcast((TOld)Decode(payload, typeof(TOld))));
        return this;
    }

    /// <summary>The manifest <paramref name="type"/> is stored under.</summary>
    public string ManifestOf(Type type) =>
        byType.TryGetValue(type, out var entry) ? entry.Manifest : throw new UnregisteredTypeException(type);

    /// <summary>Serializes a registered event or snapshot.</summary>
    public SerializedPayload Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        if (!byType.TryGetValue(type, out var entry))
        {
            throw new UnregisteredTypeException(type);
        }

        return new SerializedPayload(entry.Codec.Id, entry.Manifest, entry.Codec.Serialize(value, type));
    }

    /// <summary>Deserializes a stored payload by its manifest; throws <see cref="UnknownManifestException"/> when the manifest is not registered.</summary>
    public object Deserialize(SerializedPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!byManifest.TryGetValue(payload.Manifest, out var read))
        {
            throw new UnknownManifestException(
                $"No type is registered for manifest '{payload.Manifest}' (serializer {payload.SerializerId}); " +
                "register the type, or an alias/upcaster from this manifest, with the EventSerializer.");
        }

        return read(payload);
    }

    private IPayloadCodec AddCodec(IPayloadCodec? codec)
    {
        if (codec is null)
        {
            return defaultCodec;
        }

        var existing = codecs.GetOrAdd(codec.Id, codec);
        if (!ReferenceEquals(existing, codec) && existing.GetType() != codec.GetType())
        {
            throw new InvalidOperationException($"Serializer id {codec.Id} is already used by {existing.GetType().Name}.");
        }

        return existing;
    }

    private void AddReader(string manifest, Func<SerializedPayload, object> read)
    {
        if (!byManifest.TryAdd(manifest, read))
        {
            throw new InvalidOperationException($"Manifest '{manifest}' is already registered.");
        }
    }

    private object Decode(SerializedPayload payload, Type type)
    {
        if (!codecs.TryGetValue(payload.SerializerId, out var codec))
        {
            throw new UnknownManifestException(
                $"Manifest '{payload.Manifest}' was written by serializer {payload.SerializerId}, which is not registered.");
        }

        return codec.Deserialize(payload.Bytes.Span, type);
    }
}
