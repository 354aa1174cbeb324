namespace Airwave.Streaming.Analytics;

/// <summary>Where listening events go besides the database (the Elasticsearch push). Must not block: the recorder calls it on its own timer.</summary>
public interface IListenEventSink
{
    /// <summary>Takes <paramref name="events"/>, oldest first; a sink that cannot keep up drops, it never waits.</summary>
    void Offer(IReadOnlyList<ListenEvent> events);
}
