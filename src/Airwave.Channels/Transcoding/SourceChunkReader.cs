using System.Runtime.CompilerServices;
using Airwave.Media;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Transcoding;

namespace Airwave.Channels.Transcoding;

/// <summary>
/// Reads a source channel's chunks from its rewind buffer for one ffmpeg run, from a given chunk on, as they arrive;
/// ends where the run must end: the channel stops getting audio, its timeline jumps, or its format changes.
/// </summary>
/// <param name="source">The channel a rendition or session is made from.</param>
/// <param name="idleAfter">No new chunk for this long ends the reading (the source left); <see cref="Timeout.InfiniteTimeSpan"/> never.</param>
/// <param name="maxJump">A jump in the chunks' timeline larger than this ends the reading.</param>
/// <param name="onTitle">Called with a title and the moment it starts whenever the chunks' title changes.</param>
public sealed class SourceChunkReader(LiveChannel source, TimeSpan idleAfter, TimeSpan maxJump, Action<NowPlaying, long> onTitle)
{
    /// <summary>
    /// The jump that ends a rendition's run: ffmpeg counts samples, so the rendition's times would drift from the
    /// source's by the jump. Smaller steps (a source re-anchored within its drift bound) are absorbed.
    /// </summary>
    public static readonly TimeSpan RenditionMaxJump = TimeSpan.FromSeconds(1);

    /// <summary>Why the reading ended, once it has; null while it goes on or when the consumer stopped it.</summary>
    public TranscodeEnd? End { get; private set; }

    /// <summary>The chunk after the last one read: where the next run starts.</summary>
    public long NextSeq { get; private set; }

    /// <summary>The chunks from <paramref name="firstSeq"/> on (or the oldest held after it), each copied into its own bytes.</summary>
    public async IAsyncEnumerable<byte[]> ReadAsync(long firstSeq, AudioFormat format, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        NextSeq = firstSeq;
        long? previousEnd = null;
        var titleVersion = -1;
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = source.Signal.NextAsync();
            var status = source.Buffer.TryRead(NextSeq, out var header, out var payload);
            if (status == ChunkReadStatus.Available)
            {
                if (previousEnd is { } end && (Math.Abs(header.StartTicks - end) > maxJump.Ticks || header.Format != format))
                {
                    End = new TranscodeEnd(TranscodeEndKind.SourceBreak, header.Format != format ? $"the source changed to {header.Format}" : "the source's timeline jumped");
                    yield break;
                }

                // The payload may be overwritten once the ring wraps; the copy is taken and then checked.
                var bytes = payload.ToArray();
                if (!source.Buffer.IsPayloadIntact(header.Seq))
                {
                    End = new TranscodeEnd(TranscodeEndKind.SourceBreak, "the transcoder fell out of the source's rewind buffer");
                    yield break;
                }

                if (header.MetadataVersion != titleVersion)
                {
                    titleVersion = header.MetadataVersion;
                    onTitle(source.NowPlaying, header.StartTicks);
                }

                previousEnd = header.EndTicks;
                NextSeq = header.Seq + 1;
                yield return bytes;
            }
            else if (status == ChunkReadStatus.Evicted)
            {
                End = new TranscodeEnd(TranscodeEndKind.SourceBreak, "the transcoder fell out of the source's rewind buffer");
                NextSeq = source.Buffer.Snapshot().FirstSeq;
                yield break;
            }
            else if (await Task.WhenAny(next, Task.Delay(idleAfter, cancellationToken)).ConfigureAwait(false) != next)
            {
                End = new TranscodeEnd(TranscodeEndKind.SourceIdle, $"{source.Settings.Mount} has sent no audio for {idleAfter.TotalSeconds:0.#}s");
                yield break;
            }
        }
    }
}
