using System.Threading.Tasks.Sources;

namespace Airwave.Streaming.Fanout;

/// <summary>
/// A listener waiting for its channel's next chunk (a live one that caught up) or for its next chunk to fall due (a paced
/// one), which one of the channel's <see cref="ChunkFanout"/>s sends to it on its own thread instead of waking the
/// listener's loop: no continuation, task or cancellation registration per listener per chunk. Only what a step cannot
/// finish without waiting wakes the loop (<see cref="ParkedStep.Wake"/>).
/// </summary>
/// <remarks>
/// At most one party moves the listener at a time: its own loop while unparked, one step while parked. A step runs without
/// the gate held, so whatever it calls (a stop, which calls <see cref="Wake"/> through the handle) cannot deadlock;
/// a wake asked for during a step is done when the step ends, and a pass that finds a step under way (the listener's own
/// first step racing a publish) has that step run once more, so a chunk published meanwhile is not left for the next. The loop's wait is this object itself, reset per park, so
/// parking allocates nothing.
/// <para>
/// Each listing on a fan-out is numbered, and a fan-out steps the listener only for the listing it holds. A listener that
/// moved to another channel while still on its old fan-out's list is listed on the new one at its next park, and the old
/// fan-out drops its entry at its next pass instead of stepping the listener on the old channel's publishes.
/// </para>
/// </remarks>
/// <param name="listener">Takes the steps: sends what the channel has for it, without waiting; called only while parked.</param>
public sealed class ParkedListener(IParkable listener) : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> woken = new() { RunContinuationsAsynchronously = true };
    private bool parked;
    private bool stepping;
    private bool wakeAsked;
    private bool stepAgain;
    private ChunkFanout? listedOn;
    private int listing;

    /// <summary>The listener itself: a <see cref="Lock"/> of its own would cost 40 bytes for each listener.</summary>
    /// <remarks>Nothing else locks a parked listener, and none is ever hashed by identity, so the monitor stays in its header.</remarks>
    private object Gate => this;

    /// <summary>Parks the listener on <paramref name="fanout"/> until a step wakes it: true to carry on in its loop, false when it is gone.</summary>
    /// <remarks>Takes one step at once: a chunk published between the loop's last look and the listing is not missed.</remarks>
    public ValueTask<bool> ParkAsync(ChunkFanout fanout)
    {
        ArgumentNullException.ThrowIfNull(fanout);
        short version;
        lock (Gate)
        {
            woken.Reset();
            version = woken.Version;
            parked = true;
            if (listedOn != fanout)
            {
                listedOn = fanout;
                fanout.Add(this, ++listing);
            }
        }

        Advance(fromListing: 0);
        return new ValueTask<bool>(this, version);
    }

    /// <summary>Wakes the listener's loop now (a stop or a drop), or when the step under way ends.</summary>
    public void Wake()
    {
        lock (Gate)
        {
            if (!parked)
            {
                wakeAsked |= stepping;
                return;
            }

            parked = false;
        }

        woken.SetResult(true);
    }

    /// <summary>One step for the fan-out holding <paramref name="number"/>: false once the listener left that listing.</summary>
    internal bool Continue(int number) => Advance(fromListing: number);

    /// <param name="fromListing">The fan-out's listing number, or zero for the listener's own first step.</param>
    private bool Advance(int fromListing)
    {
        lock (Gate)
        {
            if (fromListing != 0 && fromListing != listing)
            {
                // An entry on the fan-out of a channel the listener has since moved from.
                return false;
            }

            if (!parked)
            {
                if (stepping)
                {
                    // A publish during another caller's step: that step may have looked before the chunk was there.
                    stepAgain = true;
                    return true;
                }

                // Woken: only the fan-out may drop it from its list.
                if (fromListing != 0)
                {
                    listedOn = null;
                }

                return false;
            }

            parked = false;
            stepping = true;
        }

        while (true)
        {
            ParkedStep outcome;
            try
            {
                outcome = listener.TakeStep();
            }
            catch (Exception e)
            {
                Leave(fromListing);
                woken.SetException(e);
                return false;
            }

            lock (Gate)
            {
                if (outcome == ParkedStep.Stay && !wakeAsked)
                {
                    if (stepAgain)
                    {
                        stepAgain = false;
                        continue;
                    }

                    stepping = false;
                    parked = true;
                    return true;
                }
            }

            Leave(fromListing);
            woken.SetResult(outcome != ParkedStep.Gone);
            return false;
        }
    }

    private void Leave(int fromListing)
    {
        lock (Gate)
        {
            stepping = false;
            wakeAsked = false;
            stepAgain = false;
            if (fromListing != 0)
            {
                listedOn = null;
            }
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => woken.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => woken.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        woken.OnCompleted(continuation, state, token, flags);
}
