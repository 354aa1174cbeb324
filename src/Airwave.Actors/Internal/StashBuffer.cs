namespace Airwave.Actors.Internal;

/// <summary>An actor's stash plus the replay queue that is read before the mailbox after UnstashAll.</summary>
internal sealed class StashBuffer<TMessage> : IStash<TMessage>
{
    private Queue<TMessage> _stashed = new();
    private Queue<TMessage> _replay = new();
    private volatile int _replayCount;

    public int Count => _stashed.Count;

    public bool HasReplay => _replayCount > 0;

    public void Stash(TMessage message) => _stashed.Enqueue(message);

    public void UnstashAll()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        while (_replay.TryDequeue(out var pending))
        {
            _stashed.Enqueue(pending);
        }

        (_stashed, _replay) = (_replay, _stashed);
        _replayCount = _replay.Count;
    }

    public bool TryTakeReplay(out TMessage message)
    {
        if (_replayCount == 0)
        {
            message = default!;
            return false;
        }

        message = _replay.Dequeue();
        _replayCount = _replay.Count;
        return true;
    }

    public bool TryTakeStashed(out TMessage message) => _stashed.TryDequeue(out message!);
}
