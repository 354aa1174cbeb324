using System.IO.Pipelines;

namespace Airwave.Streaming.Fetching;

/// <summary>A pass-through PipeReader that counts the bytes its consumer advances past into an upstream's health.</summary>
internal sealed class CountingReader(PipeReader inner, UpstreamHealth health) : PipeReader
{
    private ReadResult last;

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        health.AddBytes(last.Buffer.Slice(0, consumed).Length);
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        last = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        return last;
    }

    public override bool TryRead(out ReadResult result)
    {
        var got = inner.TryRead(out result);
        last = result;
        return got;
    }
}
