namespace Airwave.Streaming.Sessions;

/// <summary>One session id on this node: its stored version, its latest state and the connection it is checkpointed from.</summary>
/// <remarks>
/// Lives while a connection or a claim holds it, or its final state waits to be written; every field is read and
/// written under <see cref="Gate"/>. Once <see cref="Removed"/>, a new claim of the id loads it from the store again.
/// </remarks>
internal sealed class SessionEntry(string id)
{
    public string Id { get; } = id;

    /// <summary>The entry itself: a <see cref="Lock"/> of its own would cost 40 bytes for each connected listener.</summary>
    /// <remarks>Nothing else locks an entry, and none is ever hashed by identity, so the monitor stays in its header.</remarks>
    public object Gate => this;

    /// <summary>Reads the store once; claims wait for it.</summary>
    public Task? Loading { get; set; }

    /// <summary>The version the next checkpoint takes: one above the stored one.</summary>
    public long NextVersion { get; set; } = 1;

    /// <summary>The latest state known: written, or (when <see cref="Dirty"/>) still to be written.</summary>
    public ListenerSessionCheckpoint? Latest { get; set; }

    /// <summary>True while <see cref="Latest"/> is a final state not yet stored.</summary>
    public bool Dirty { get; set; }

    /// <summary>The connection whose progress is checkpointed; null between connections.</summary>
    public SessionConnection? Owner { get; set; }

    /// <summary>Requests that claimed the session and have not attached or let go yet.</summary>
    public int Claims { get; set; }

    public bool Removed { get; set; }

    /// <summary>The playhead and bytes last written, in a checkpoint or a progress row: what tells whether the owner moved.</summary>
    public long WrittenSeq { get; set; } = long.MinValue;

    public long WrittenBytes { get; set; } = -1;

    /// <summary>When the last checkpoint was written (a connected session's is due again a keep-alive later).</summary>
    public DateTime WrittenUtc { get; set; }

    /// <summary>The connection the last checkpoint was of: a new one is written at once, to name this node as its writer.</summary>
    public SessionConnection? WrittenOwner { get; set; }

    /// <summary>Connections waiting until their final state is stored (a draining node closes them then); null while none waits, as for every session that streams.</summary>
    public List<TaskCompletionSource>? PersistedWaiters { get; set; }

    /// <summary>True when nothing holds the entry any more: no connection, no claim, nothing left to write.</summary>
    public bool IsIdle => Owner is null && Claims == 0 && !Dirty;
}
