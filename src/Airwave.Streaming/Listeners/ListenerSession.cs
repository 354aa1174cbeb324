using Airwave.Media;
using Airwave.Media.Icy;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fanout;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.TimeShift;

namespace Airwave.Streaming.Listeners;

/// <summary>Streams one listener's audio: reads chunks from the rewind buffer by sequence and writes them to the connection.</summary>
/// <remarks>
/// No audio is copied per listener except into the connection's own output buffer; with <c>Icy-MetaData: 1</c> the
/// shared, pre-encoded metadata block is written between audio slices. Chunks are batched into one flush up to
/// <see cref="MaxBatchBytes"/>. When the source is lost and the channel has a fallback mount, the session follows the
/// fallback's live edge and returns as soon as the source is back. After every flush the handle's playhead names the last
/// chunk of the listener's own channel sent whole; <see cref="ListenerHandle.StopAtChunkBoundary"/> ends the session
/// between flushes, never in the middle of one.
/// <para>A connection carries one codec, the one its head announced (<see cref="PlaybackStart.Format"/>): where the next
/// chunk to send, or the fallback to follow, is in another codec (an AAC show after an MP3 one), the session stops at that
/// chunk boundary, as a draining node stops it, so the player reconnects and is told the new codec. Its playhead is the
/// last chunk it decoded, so a player that presents its session resumes at the first chunk of the new codec.</para>
/// </remarks>
public sealed class ListenerSession : IParkable, IListenerControl
{
    private const int MaxBatchBytes = 16 * 1024;
    private const string CodecChanged = "the stream changed codec: reconnect to hear it";
    private static readonly byte[] EmptyIcyBlock = [0];
    private static readonly TimeSpan ShiftTolerance = TimeSpan.FromSeconds(1);

    private LiveChannel home;
    private readonly Func<string, LiveChannel?> findChannel;
    private readonly ListenerHandle handle;
    private readonly IcyInterleaver? icy;
    private readonly TimeProvider clock;
    private readonly ParkedListener parking;
    private NowPlaying? icySent;

    // Where the listener is; moved by its loop, or by the fan-out's steps while parked (never both at once).
    private IAudioSink output = null!;
    private LiveChannel current = null!;
    private RealTimePacer? pacer;
    private long seq;
    private AudioFormat format;
    private bool awaitsLiveEdge;

    // The batch written to the output and not yet accounted for.
    private int batchBytes;
    private long batchEnd;
    private long batchLastSeq;

    /// <param name="home">The channel the listener asked for.</param>
    /// <param name="findChannel">Finds a channel by mount, for the fallback.</param>
    /// <param name="handle">The listener's registration in <paramref name="home"/>.</param>
    /// <param name="metadataInterval">ICY metadata interval, or 0 without ICY metadata.</param>
    /// <param name="clock">Time source for pacing.</param>
    public ListenerSession(LiveChannel home, Func<string, LiveChannel?> findChannel, ListenerHandle handle, int metadataInterval, TimeProvider clock)
    {
        this.home = home;
        this.findChannel = findChannel;
        this.handle = handle;
        this.clock = clock;
        icy = metadataInterval > 0 ? new IcyInterleaver(metadataInterval) : null;
        parking = new ParkedListener(this);
    }

    /// <summary>The channel the listener belongs to: the one it asked for, or the one an admin moved it to.</summary>
    public LiveChannel Home => home;

    /// <summary>The listener's registration in <see cref="Home"/>.</summary>
    public ListenerHandle Handle => handle;

    /// <summary>Audio bytes written to the connection.</summary>
    public long AudioBytes { get; private set; }

    /// <summary>
    /// Opens the listener's stream (<paramref name="lifecycle"/>), streams until the listener leaves, is dropped or stopped
    /// by the channel or the node, or the channel stops, then closes it.
    /// </summary>
    /// <remarks>
    /// A connection that goes away ends the handle (<see cref="ListenerHandle.ConnectionGone"/>), which ends this.
    /// Allocation-free per chunk. A live listener that caught up parks on its channel's fan-out, which sends it each new
    /// chunk without resuming this loop, and a paced one on the channel's paced fan-out, which sends it what falls due;
    /// only fallback followers and blocked listeners wait here.
    /// </remarks>
    public async Task RunAsync(IAudioSink output, PlaybackStart start, IListenerLifecycle lifecycle)
    {
        try
        {
            // A listener gone before its head was sent (its connection's token cancelled) ends like one gone later.
            await lifecycle.OpenAsync(this).ConfigureAwait(false);
            this.output = output;
            current = start.Channel ?? home;
            pacer = start.Paced ? new RealTimePacer(clock, PlaybackStart.PacingBurst(current)) : null;
            seq = start.Seq;
            format = start.Format;
            awaitsLiveEdge = start.AwaitsLiveEdge;
            var homeSeq = current == home ? seq : PlaybackStart.Live(home, 0).Seq;
            if (current == home)
            {
                handle.Played(seq - 1, start.StartUtc.Ticks);
            }

            handle.Attach(this);
            while (!handle.IsStopping)
            {
                var wake = current.Signal.NextAsync();
                var homeWake = current == home ? wake : home.Signal.NextAsync();

                // Taken after the wake-ups, so a move requested (and the home signal published) in between is not missed.
                if (handle.TakeMoveRequest() is { } mount && findChannel(mount) is { } destination && destination != home)
                {
                    // Its place is taken before it joins the destination's listeners, so whoever sees it there sees where it plays from.
                    seq = homeSeq = PlaybackStart.Live(destination, 0).Seq;
                    MoveTo(destination);
                    current = destination;
                    pacer = null;
                    awaitsLiveEdge = false;
                    continue;
                }

                if (awaitsLiveEdge && !current.Buffer.Snapshot().IsEmpty)
                {
                    awaitsLiveEdge = false;
                    seq = PlaybackStart.Live(current, current.Settings.BurstSize).Seq;
                }

                var status = FillBatch(out var notDue);
                if (batchBytes > 0)
                {
                    // What the socket takes at once goes without the awaited send, whose event args a socket then never needs.
                    var flushed = output.TryFlush();
                    if (flushed == FlushOutcome.Gone || (flushed == FlushOutcome.Pending && !await output.FlushAsync(CancellationToken.None).ConfigureAwait(false)))
                    {
                        return;
                    }

                    CompleteBatch();
                    continue;
                }

                if (!notDue)
                {
                    if (status == ChunkReadStatus.Evicted)
                    {
                        var held = current.Buffer.Snapshot();
                        seq = held.IsEmpty ? held.LastSeq + 1 : held.FirstSeq;
                        continue;
                    }

                    var next = ChooseChannel(current);
                    if (next != current)
                    {
                        if (current == home)
                        {
                            homeSeq = seq;
                        }

                        seq = next == home ? homeSeq : PlaybackStart.Live(next, 0).Seq;
                        current = next;
                        pacer = null;
                        awaitsLiveEdge = false;
                        continue;
                    }
                }

                // A paced listener waits on its channel's ticking fan-out, whether its next chunk is not due yet or not there
                // yet; a live one on the fan-out its channel's chunks pass.
                if (pacer is not null || current == home)
                {
                    if (!await ParkAsync(pacer is not null ? current.Signal.PacedFanout : home.Signal.Fanout).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                await (current == home ? wake : Task.WhenAny(wake, homeWake)).WaitAsync(handle.Stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            handle.Detach();
            await lifecycle.ClosedAsync(this).ConfigureAwait(false);
        }
    }

    /// <summary>Parks on <paramref name="fanout"/> until a step wakes the loop: false when the listener is gone.</summary>
    private async ValueTask<bool> ParkAsync(ChunkFanout fanout)
    {
        if (!await parking.ParkAsync(fanout).ConfigureAwait(false))
        {
            return false;
        }

        // A step's send the socket could not take whole: the rest goes out here, however long the listener takes.
        if (batchBytes > 0)
        {
            if (!await output.FlushAsync(CancellationToken.None).ConfigureAwait(false))
            {
                return false;
            }

            CompleteBatch();
        }

        return true;
    }

    /// <summary>A stop wakes a parked listener's loop, which ends at the chunk boundary it is at.</summary>
    void IListenerControl.StopRequested() => parking.Wake();

    /// <summary>A drop ends a send under way (a listener that stopped reading) and wakes a parked listener's loop.</summary>
    void IListenerControl.EndRequested()
    {
        output.Abort();
        parking.Wake();
    }

    /// <summary>The fan-out's step while parked: sends every chunk that arrived without waiting, or says why the loop must.</summary>
    ParkedStep IParkable.TakeStep()
    {
        // The first chunks of an empty channel wake the loop, which finds the live edge among them (PlaybackStart.AwaitsLiveEdge).
        if (handle.IsStopping || handle.HasMoveRequest || (awaitsLiveEdge && !current.Buffer.Snapshot().IsEmpty))
        {
            return ParkedStep.Wake;
        }

        while (true)
        {
            var status = FillBatch(out var notDue);
            if (batchBytes == 0)
            {
                return notDue || (status == ChunkReadStatus.NotYetAvailable && ChooseChannel(current) == current) ? ParkedStep.Stay : ParkedStep.Wake;
            }

            switch (output.TryFlush())
            {
                case FlushOutcome.Pending:
                    return ParkedStep.Wake;
                case FlushOutcome.Gone:
                    return ParkedStep.Gone;
            }

            CompleteBatch();

            // A codec change stops the listener at this chunk boundary.
            if (handle.IsStopping)
            {
                return ParkedStep.Wake;
            }
        }
    }

    /// <summary>Writes the next chunks to the output, up to <see cref="MaxBatchBytes"/>; returns how the last read went.</summary>
    /// <param name="notDue">True when the batch is empty because a paced listener's next chunk is not due yet.</param>
    /// <remarks>
    /// A paced listener is sent the chunks that fall due before its fan-out's next pass, so it is never behind its pace:
    /// at most that period ahead of it, as a live listener is at most a send interval behind its channel.
    /// </remarks>
    private ChunkReadStatus FillBatch(out bool notDue)
    {
        notDue = false;
        batchBytes = 0;
        var status = ChunkReadStatus.NotYetAvailable;
        while (batchBytes < MaxBatchBytes)
        {
            // Looked at before reading, so a payload is copied right after it was read (the rewind buffer's payload rule).
            if (pacer?.DelayBeforeNext() is { } wait && wait > current.Signal.PacedFanout.Period)
            {
                notDue = batchBytes == 0;
                break;
            }

            status = current.Buffer.TryRead(seq, out var header, out var payload);
            if (status != ChunkReadStatus.Available)
            {
                break;
            }

            if (header.Format != format)
            {
                handle.StopAtChunkBoundary(CodecChanged);
                break;
            }

            WriteAudio(payload);
            pacer?.RecordSent(header.DurationTicks);
            batchBytes += header.PayloadLength;
            batchEnd = header.EndTicks;
            batchLastSeq = header.Seq;
            seq = header.Seq + 1;
        }

        return status;
    }

    /// <summary>Accounts for a batch the output took whole.</summary>
    private void CompleteBatch()
    {
        handle.Delivered(batchEnd, batchBytes);
        if (current == home)
        {
            handle.Played(batchLastSeq, batchEnd);
        }

        current.Counters.AddBytesOut(batchBytes);
        AudioBytes += batchBytes;
        if (pacer is not null)
        {
            KeepShiftHonest(batchEnd);
        }

        batchBytes = 0;
    }

    /// <summary>
    /// Makes <paramref name="destination"/> the listener's channel (Icecast's <c>moveclients</c>): the connection carries on at its
    /// live edge, counted, swept and recorded there. A destination in another codec ends the connection at its first chunk
    /// like any codec change; the admin endpoint refuses such a move before asking for it.
    /// </summary>
    private void MoveTo(LiveChannel destination)
    {
        home.Listeners.Remove(handle);
        destination.Listeners.Add(handle);
        destination.Counters.ListenerConnected(destination.Listeners.Count);
        handle.Moved(destination.Id);
        handle.Reposition(TimeSpan.Zero, clock.GetUtcNow().UtcTicks);
        home = destination;
    }

    /// <summary>A paced listener that skipped a gap plays further behind live than it started; the slow-listener rule must know.</summary>
    private void KeepShiftHonest(long deliveredEndTicks)
    {
        var behind = TimeSpan.FromTicks(clock.GetUtcNow().UtcTicks - deliveredEndTicks);
        if (behind > handle.Shift + ShiftTolerance)
        {
            handle.Reposition(behind, deliveredEndTicks);
        }
    }

    private LiveChannel ChooseChannel(LiveChannel current)
    {
        if (current == home)
        {
            return home.Source != SourceState.Connected && home.Settings.FallbackMount.Length > 0
                ? findChannel(home.Settings.FallbackMount) is { } fallback && fallback != home ? fallback : home
                : home;
        }

        return home.Source == SourceState.Connected ? home : current;
    }

    private void WriteAudio(ReadOnlyMemory<byte> audio)
    {
        if (icy is null)
        {
            output.Write(audio);
            return;
        }

        while (!audio.IsEmpty)
        {
            var slice = icy.NextAudioSliceLength(audio.Length);
            output.Write(audio[..slice]);
            icy.AudioWritten(slice);
            audio = audio[slice..];
            if (icy.IsMetadataDue)
            {
                var playing = current.NowPlaying;
                ReadOnlyMemory<byte> block = !ReferenceEquals(playing, icySent) ? playing.IcyBlock : EmptyIcyBlock;
                output.Write(block);
                handle.SentExtra(block.Length);
                icySent = playing;
                icy.MetadataWritten();
            }
        }
    }
}
