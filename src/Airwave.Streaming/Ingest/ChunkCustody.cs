using Airwave.Streaming.Sources;

namespace Airwave.Streaming.Ingest;

/// <summary>The pooled chunks one ingest run has assembled and not yet handed to the channel.</summary>
/// <remarks>
/// A graph drops elements without a word when it is killed or fails (the buffer toward the channel just forgets them),
/// so every chunk is held here from the moment it is assembled until the channel sink tells it to the channel; what is
/// still held when the run ends was dropped on the way and goes back to the pool in <see cref="ReleaseAll"/>.
/// One add and one remove per chunk, never per frame.
/// </remarks>
public sealed class ChunkCustody
{
    private readonly HashSet<AssembledChunk> held = new(ReferenceEqualityComparer.Instance);
    private readonly Lock gate = new();
    private bool closed;

    /// <summary>Chunks assembled and neither handed over nor released yet.</summary>
    public int Held
    {
        get
        {
            lock (gate)
            {
                return held.Count;
            }
        }
    }

    /// <summary>Takes a freshly assembled chunk into custody.</summary>
    /// <returns>False when the run is already over: the chunk was released and must not be sent on.</returns>
    public bool Take(AssembledChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        lock (gate)
        {
            if (!closed)
            {
                held.Add(chunk);
                return true;
            }
        }

        chunk.Release();
        return false;
    }

    /// <summary>The chunk now belongs to the channel, which releases it once appended.</summary>
    public void HandOver(AssembledChunk chunk)
    {
        lock (gate)
        {
            held.Remove(chunk);
        }
    }

    /// <summary>Ends the run: releases every chunk still held and any taken later.</summary>
    /// <returns>How many chunks were released.</returns>
    public int ReleaseAll()
    {
        lock (gate)
        {
            closed = true;
            foreach (var chunk in held)
            {
                chunk.Release();
            }

            var released = held.Count;
            held.Clear();
            return released;
        }
    }
}
