namespace Airwave.Persistence.Tests;

public sealed record SourceConnected(string Channel, string Source);

public sealed record TitleChanged(string Channel, string Title);

/// <summary>Builds serialized events with unique ids so tests sharing a database never collide.</summary>
public static class TestEvents
{
    public static EventSerializer Serializer { get; } = new EventSerializer()
        .Register<SourceConnected>("test.source-connected.v1")
        .Register<TitleChanged>("test.title-changed.v1");

    public static string NewPersistenceId() => $"channel-{Guid.NewGuid():N}";

    public static string NewTag() => $"tag-{Guid.NewGuid():N}"[..30];

    public static EventToWrite Event(long sequenceNr, params string[] tags) =>
        new(sequenceNr, Serializer.Serialize(new TitleChanged("live", $"title {sequenceNr}")), tags);

    public static IReadOnlyList<EventToWrite> Range(long from, long to, params string[] tags) =>
        [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(seq => Event(seq, tags))];

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    public static string Title(this JournalEvent journalEvent) => ((TitleChanged)Serializer.Deserialize(journalEvent.Payload)).Title;
}
