using System.Buffers;
using System.IO.Pipelines;

namespace Airwave.Streaming.Listeners;

/// <summary>Writes a session's audio into a pipe (a Kestrel response or a test's pipe), copying each slice once.</summary>
public sealed class PipeAudioSink(PipeWriter output) : IAudioSink
{
    public void Write(ReadOnlyMemory<byte> bytes) => output.Write(bytes.Span);

    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !flushed.IsCompleted && !flushed.IsCanceled;
    }
}
