namespace Airwave.Channels.Ingest;

/// <summary>What one run of <see cref="AudioChunking"/> found so far: its verdict on the stream and the bytes it framed and skipped.</summary>
/// <remarks>The stage's materialized value; written by the stage, read by whoever runs the graph, from any thread.</remarks>
public sealed class IngestProgress
{
    private readonly TaskCompletionSource<bool?> verdict = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long framedBytes;
    private long skippedBytes;

    /// <summary>True at the first whole frame, false when the stream is not audio, null when it ended before either.</summary>
    public Task<bool?> Verdict => verdict.Task;

    /// <summary>Bytes of audio framed so far.</summary>
    public long FramedBytes => Volatile.Read(ref framedBytes);

    /// <summary>Garbage bytes the framer skipped so far.</summary>
    public long SkippedBytes => Volatile.Read(ref skippedBytes);

    internal void Framed(int bytes)
    {
        Volatile.Write(ref framedBytes, framedBytes + bytes);
        verdict.TrySetResult(true);
    }

    internal void Skipped(long total) => Volatile.Write(ref skippedBytes, total);

    internal void NotAudio() => verdict.TrySetResult(false);

    internal void Ended() => verdict.TrySetResult(null);
}
