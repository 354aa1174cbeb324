namespace Airwave.Streaming.Upstreams;

/// <summary>Turns fetched media bytes into channel chunks: MPEG-TS (<see cref="TsChunkFeed"/>) or packed audio (<see cref="PackedAudioFeed"/>).</summary>
public interface IMediaFeed : IDisposable
{
    /// <summary>Feeds bytes; finished chunks go to the channel.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>The stream breaks here; the next chunk is marked as a discontinuity.</summary>
    void Break();

    /// <summary>Sends what is pending.</summary>
    void Complete();
}
