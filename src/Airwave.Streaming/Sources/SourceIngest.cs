using System.Buffers;
using System.IO.Pipelines;
using Airwave.Media.Id3;
using Airwave.Media.Framing;
using Airwave.Streaming.Channels;

namespace Airwave.Streaming.Sources;

/// <summary>Reads a source's audio bytes, cuts them into whole frames and sends chunks to the channel actor.</summary>
/// <remarks>Shared by pushed sources (Icecast PUT/SOURCE) and the file loop; the framer resyncs after garbage on its own.</remarks>
public sealed class SourceIngest
{
    private const int MaxLeadingTagBytes = 256 * 1024;
    private readonly LiveChannel channel;
    private readonly SourceDescriptor source;
    private readonly TimeSpan timeout;

    public SourceIngest(LiveChannel channel, SourceDescriptor source, TimeSpan timeout)
    {
        this.channel = channel;
        this.source = source;
        this.timeout = timeout;
    }

    /// <summary>Bytes of audio framed so far.</summary>
    public long FramedBytes { get; private set; }

    /// <summary>Garbage bytes the framer skipped.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Reads the title of an ID3v2 tag at the very start of the stream (ffmpeg writes one from the input's metadata).</summary>
    /// <returns>False while the tag is still incomplete.</returns>
    private static bool TryTakeLeadingTitle(ReadOnlySequence<byte> buffer, bool isCompleted, out string? title)
    {
        title = null;
        Span<byte> head = stackalloc byte[Id3v2TagHeader.Length];
        if (buffer.Length < head.Length)
        {
            return isCompleted;
        }

        buffer.Slice(0, head.Length).CopyTo(head);
        if (!Id3v2TagHeader.TryParse(head, out var header) || header.TotalSize > MaxLeadingTagBytes)
        {
            return true;
        }

        if (buffer.Length < header.TotalSize)
        {
            return isCompleted;
        }

        title = Id3v2TitleReader.ReadTitle(buffer.Slice(0, header.TotalSize).ToArray());
        return true;
    }

    /// <summary>Pumps until the stream ends, stalls past the timeout, or is not audio.</summary>
    /// <param name="body">The source's audio bytes.</param>
    /// <param name="onVerdict">Called once: true at the first whole frame, false when the stream is not audio.</param>
    /// <param name="cancellationToken">Ends the pump (shutdown, connection aborted).</param>
    public async Task<SourceOutcome> RunAsync(PipeReader body, Func<bool, ValueTask> onVerdict, CancellationToken cancellationToken)
    {
        var framer = new AudioFramer(new AudioFramerOptions { ExpectedFormat = source.Format });
        using var assembler = new ChunkAssembler(channel.Settings.ChunkDuration);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var verdictGiven = false;
        var leadingTagChecked = false;
        try
        {
            while (true)
            {
                stall.CancelAfter(timeout);
                var read = await body.ReadAsync(stall.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (!leadingTagChecked)
                {
                    if (!TryTakeLeadingTitle(buffer, read.IsCompleted, out var title))
                    {
                        body.AdvanceTo(buffer.Start, buffer.End);
                        continue;
                    }

                    leadingTagChecked = true;
                    if (title is not null)
                    {
                        channel.Actor!.Tell(new UpdateMetadata(title, null));
                    }
                }

                AudioFramerStatus status;
                while ((status = framer.Read(ref buffer, read.IsCompleted, out var frame)) == AudioFramerStatus.Frame)
                {
                    if (!verdictGiven)
                    {
                        verdictGiven = true;
                        await onVerdict(true).ConfigureAwait(false);
                    }

                    FramedBytes += frame.Length;
                    if (assembler.Add(frame) is { } chunk)
                    {
                        channel.Actor!.Tell(new IngestChunk(source.Id, chunk));
                    }
                }

                SkippedBytes = framer.SkippedBytes;
                body.AdvanceTo(buffer.Start, buffer.End);
                if (status == AudioFramerStatus.NotAudio)
                {
                    await onVerdict(false).ConfigureAwait(false);
                    return SourceOutcome.NotAudio;
                }

                if (read.IsCompleted)
                {
                    return SourceOutcome.Ended;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SourceOutcome.TimedOut;
        }
        catch (OperationCanceledException)
        {
            return SourceOutcome.Cancelled;
        }
        catch (IOException)
        {
            return SourceOutcome.Ended;
        }
        finally
        {
            if (assembler.Flush() is { } last)
            {
                channel.Actor!.Tell(new IngestChunk(source.Id, last));
            }
        }
    }
}
