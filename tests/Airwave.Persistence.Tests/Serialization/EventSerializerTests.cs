namespace Airwave.Persistence.Tests.Serialization;

public sealed record ListenerCountV1(string Channel, int Count);

public sealed record ListenerCountChanged(string Channel, int Listeners, string Node);

public sealed record RenamedTitleChanged(string Channel, string Title);

/// <summary>The manifest, not the CLR type name, decides how a stored payload is read.</summary>
public sealed class EventSerializerTests
{
    [Fact]
    public void Records_round_trip_through_their_manifest()
    {
        var serializer = new EventSerializer().Register<SourceConnected>("channel.source-connected.v1");

        var payload = serializer.Serialize(new SourceConnected("live", "ffmpeg"));

        Assert.Equal("channel.source-connected.v1", payload.Manifest);
        Assert.Equal(JsonPayloadCodec.JsonSerializerId, payload.SerializerId);
        Assert.Equal(new SourceConnected("live", "ffmpeg"), serializer.Deserialize(payload));
    }

    [Fact]
    public void A_renamed_type_reads_payloads_stored_under_the_old_manifest_through_an_alias()
    {
        var before = new EventSerializer().Register<TitleChanged>("channel.title-changed.v1");
        var stored = before.Serialize(new TitleChanged("live", "Morning show"));

        var after = new EventSerializer()
            .Register<RenamedTitleChanged>("channel.title-changed.v2")
            .RegisterAlias<RenamedTitleChanged>("channel.title-changed.v1");

        Assert.Equal(new RenamedTitleChanged("live", "Morning show"), after.Deserialize(stored));
        Assert.Equal("channel.title-changed.v2", after.Serialize(new RenamedTitleChanged("live", "x")).Manifest);
    }

    [Fact]
    public void An_upcaster_converts_an_old_shape_into_the_new_type()
    {
        var stored = new EventSerializer().Register<ListenerCountV1>("channel.listeners.v1").Serialize(new ListenerCountV1("live", 7));

        var current = new EventSerializer()
            .Register<ListenerCountChanged>("channel.listeners.v2")
            .RegisterUpcaster<ListenerCountV1, ListenerCountChanged>("channel.listeners.v1", old => new(old.Channel, old.Count, "unknown"));

        Assert.Equal(new ListenerCountChanged("live", 7, "unknown"), current.Deserialize(stored));
    }

    [Fact]
    public void An_unknown_manifest_fails_naming_the_manifest()
    {
        var serializer = new EventSerializer();

        var error = Assert.Throws<UnknownManifestException>(
            () => serializer.Deserialize(new SerializedPayload(JsonPayloadCodec.JsonSerializerId, "channel.gone.v1", "{}"u8.ToArray())));

        Assert.Contains("channel.gone.v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_serializer_id_fails_naming_the_manifest()
    {
        var serializer = new EventSerializer().Register<TitleChanged>("channel.title-changed.v1");

        var error = Assert.Throws<UnknownManifestException>(
            () => serializer.Deserialize(new SerializedPayload(99, "channel.title-changed.v1", "{}"u8.ToArray())));

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serializing_an_unregistered_type_fails_naming_the_type()
    {
        var error = Assert.Throws<UnregisteredTypeException>(() => new EventSerializer().Serialize(new TitleChanged("a", "b")));

        Assert.Equal(typeof(TitleChanged), error.Type);
    }

    [Fact]
    public void A_manifest_cannot_be_registered_twice()
    {
        var serializer = new EventSerializer().Register<TitleChanged>("channel.title-changed.v1");

        Assert.Throws<InvalidOperationException>(() => serializer.RegisterAlias<SourceConnected>("channel.title-changed.v1"));
    }
}
