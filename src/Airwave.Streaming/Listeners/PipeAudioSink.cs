using System.IO.Pipelines;

namespace Airwave.Streaming.Listeners;

/// <summary>Writes a session's audio into a pipe (a Kestrel response or a test's pipe), copying each slice once.</summary>
public sealed class PipeAudioSink(PipeWriter output) : IAudioSink
{
    /// <summary>The most asked of the pipe at once: its usual block.</summary>
    private const int MaxSizeHint = 4096;

    /// <remarks>
    /// Always asks for a size: a pipe over a pool of exact-size arrays (a Kestrel connection the listener port handed on)
    /// answers a request for "any" memory with none.
    /// </remarks>
    public void Write(ReadOnlyMemory<byte> bytes)
    {
        var source = bytes.Span;
        while (!source.IsEmpty)
        {
            var destination = output.GetSpan(Math.Min(source.Length, MaxSizeHint));
            var length = Math.Min(destination.Length, source.Length);
            source[..length].CopyTo(destination);
            output.Advance(length);
            source = source[length..];
        }
    }

    private ValueTask<FlushResult>? unfinished;

    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        FlushResult flushed;
        if (unfinished is { } flush)
        {
            // A flush TryFlush began, started without a token: the token cancels it the way the pipe allows.
            unfinished = null;
            using var cancel = cancellationToken.UnsafeRegister(static pipe => ((PipeWriter)pipe!).CancelPendingFlush(), output);
            flushed = await flush.ConfigureAwait(false);
        }
        else
        {
            flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return Open(flushed);
    }

    /// <remarks>A pipe takes everything at once; only its reader may make the flush wait (past the pipe's pause threshold).</remarks>
    public FlushOutcome TryFlush()
    {
        var flush = output.FlushAsync(CancellationToken.None);
        if (!flush.IsCompleted)
        {
            unfinished = flush;
            return FlushOutcome.Pending;
        }

        return Open(flush.Result) ? FlushOutcome.Sent : FlushOutcome.Gone;
    }

    /// <remarks>
    /// A flush cancelled before it began returns cancelled when it does: the pipe keeps the request. A drop may race the
    /// end of the session; a response that is over (Kestrel throws then) has nothing left to abort.
    /// </remarks>
    public void Abort()
    {
        try
        {
            output.CancelPendingFlush();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static bool Open(FlushResult flushed) => !flushed.IsCompleted && !flushed.IsCanceled;
}
