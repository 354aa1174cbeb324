using System.Threading.Channels;
using Airwave.Persistence.Archive;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Archive;

/// <summary>The archive on local disk: one writer task per node drains a bounded queue, fsyncs each file, then indexes it in the database.</summary>
/// <remarks>
/// A segment that does not fit in the queue is dropped with a warning: a slow disk must never slow the channels down.
/// A segment whose file is written while the index's database is unreachable keeps its file and waits, in order, to be
/// indexed with the next segment after the database is back (at most <see cref="MaxUnindexed"/>, the oldest given up
/// first), so a database restart loses no archive.
/// </remarks>
public sealed class DiskArchive : IArchive, IAsyncDisposable
{
    /// <summary>Segments kept waiting for the index: at 2 s segments, over five hours of one channel.</summary>
    public const int MaxUnindexed = 10_000;

    private const int PruneBatch = 500;
    private readonly Queue<ArchiveSegmentRecord> unindexed = new();
    private readonly string root;
    private readonly IArchiveIndex index;
    private readonly ILogger log;
    private readonly Channel<ArchiveSegmentWrite> queue;
    private readonly Task writer;
    private long dropped;

    /// <param name="root">Directory below which segment files are kept.</param>
    /// <param name="index">The segment index.</param>
    /// <param name="queueSize">Segments that may wait for the disk before new ones are dropped.</param>
    /// <param name="log">Where drops and failures are reported.</param>
    public DiskArchive(string root, IArchiveIndex index, int queueSize, ILogger log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueSize, 1);
        this.root = Path.GetFullPath(root);
        StoreId = ArchiveStoreId.ReadOrCreate(this.root);
        this.index = index;
        this.log = log;
        queue = Channel.CreateBounded<ArchiveSegmentWrite>(new BoundedChannelOptions(queueSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Directory below which segment files are kept.</summary>
    public string Root => root;

    /// <summary>The id the index knows this directory by (see <see cref="ArchiveStoreId"/>).</summary>
    public string StoreId { get; }

    /// <summary>Segments dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public bool TryWrite(ArchiveSegmentWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (queue.Writer.TryWrite(write))
        {
            return true;
        }

        write.Release();
        var count = Interlocked.Increment(ref dropped);
        log.LogWarning("archive cannot keep up: dropped segment {MediaSequence} of {Channel} ({Dropped} dropped so far)", write.Segment.MediaSequence, write.Segment.Channel, count);
        return false;
    }

    /// <remarks>
    /// Only segments whose files this node holds: a cluster's masters share the index (PostgreSQL) but each writes the
    /// segments of the channels it owned to its own disk, so after a handoff another master's segments read as a gap.
    /// </remarks>
    public async Task<IReadOnlyList<ArchiveSegmentRecord>> QueryAsync(string channel, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var indexed = await index.OverlappingAsync(channel, fromUtc.ToUniversalTime().Ticks, toUtc.ToUniversalTime().Ticks, cancellationToken).ConfigureAwait(false);
        return indexed.Where(Holds).ToList();
    }

    private bool Holds(ArchiveSegmentRecord segment) => File.Exists(ArchivePaths.Full(root, segment.Path));

    public Task<ArchiveSegmentRecord?> FindAsync(string channel, long mediaSequence, CancellationToken cancellationToken = default) =>
        index.FindAsync(channel, mediaSequence, cancellationToken);

    public Task<IReadOnlyList<string>> ChannelsAsync(CancellationToken cancellationToken = default) => index.ChannelsAsync(StoreId, cancellationToken);

    public async Task<int> AdoptAsync(CancellationToken cancellationToken = default)
    {
        var adopted = 0;
        var seen = 0;
        while (true)
        {
            // Rows whose files are elsewhere stay unclaimed and are skipped by paging past them.
            var batch = await index.UnclaimedAsync(seen + PruneBatch, cancellationToken).ConfigureAwait(false);
            var page = batch.Skip(seen).ToList();
            var held = page.Where(Holds).ToList();
            await index.ClaimAsync(StoreId, held, cancellationToken).ConfigureAwait(false);
            adopted += held.Count;
            seen += page.Count - held.Count;
            if (page.Count < PruneBatch)
            {
                return adopted;
            }
        }
    }

    public Stream OpenRead(ArchiveSegmentRecord segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return new FileStream(ArchivePaths.Full(root, segment.Path), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
    }

    public async Task<ArchivePruneResult> PruneAsync(string channel, DateTime olderThanUtc, long maxBytes, CancellationToken cancellationToken = default)
    {
        var expired = 0;
        var oversize = 0;
        var freed = 0L;
        while (true)
        {
            var batch = await index.OldestAsync(StoreId, channel, olderThanUtc.ToUniversalTime().Ticks, PruneBatch, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            freed += await DeleteAsync(channel, batch, cancellationToken).ConfigureAwait(false);
            expired += batch.Count;
        }

        if (maxBytes > 0)
        {
            var excess = await index.TotalBytesAsync(StoreId, channel, cancellationToken).ConfigureAwait(false) - maxBytes;
            while (excess > 0)
            {
                var oldest = await index.OldestAsync(StoreId, channel, long.MaxValue, PruneBatch, cancellationToken).ConfigureAwait(false);
                var victims = new List<ArchiveSegmentRecord>();
                foreach (var segment in oldest)
                {
                    if (excess <= 0)
                    {
                        break;
                    }

                    victims.Add(segment);
                    excess -= segment.Bytes;
                }

                if (victims.Count == 0)
                {
                    break;
                }

                freed += await DeleteAsync(channel, victims, cancellationToken).ConfigureAwait(false);
                oversize += victims.Count;
            }
        }

        return new ArchivePruneResult(expired, oversize, freed);
    }

    /// <summary>Writes what is queued, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer.ConfigureAwait(false);
    }

    private async Task<long> DeleteAsync(string channel, IReadOnlyList<ArchiveSegmentRecord> segments, CancellationToken cancellationToken)
    {
        // Index first: a segment the index no longer lists is never served, so its file can go afterwards.
        await index.DeleteAsync(channel, segments.Select(s => s.MediaSequence).ToList(), cancellationToken).ConfigureAwait(false);
        var freed = 0L;
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            var path = ArchivePaths.Full(root, segment.Path);
            try
            {
                File.Delete(path);
                freed += segment.Bytes;
                directories.Add(Path.GetDirectoryName(path)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogWarning(e, "could not delete archived segment {Path}", path);
            }
        }

        foreach (var directory in directories)
        {
            RemoveEmptyParents(directory);
        }

        return freed;
    }

    private void RemoveEmptyParents(string directory)
    {
        try
        {
            while (directory.Length > root.Length && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
                directory = Path.GetDirectoryName(directory)!;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A writer created a file in it meanwhile, or it is not ours to remove: keep it.
        }
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var write in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await StoreAsync(write).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                log.LogWarning(e, "could not archive segment {MediaSequence} of {Channel}", write.Segment.MediaSequence, write.Segment.Channel);
            }
            finally
            {
                write.Release();
            }
        }
    }

    private async Task StoreAsync(ArchiveSegmentWrite write)
    {
        var path = ArchivePaths.Full(root, write.Segment.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
        {
            await file.WriteAsync(write.Payload).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        await IndexAsync(write.Segment).ConfigureAwait(false);
    }

    /// <summary>Indexes <paramref name="segment"/> after those still waiting; what the database refuses waits for the next segment.</summary>
    private async Task IndexAsync(ArchiveSegmentRecord segment)
    {
        unindexed.Enqueue(segment);
        if (unindexed.Count > MaxUnindexed)
        {
            var oldest = unindexed.Dequeue();
            File.Delete(ArchivePaths.Full(root, oldest.Path));
            log.LogWarning("archive index unavailable too long: gave up segment {MediaSequence} of {Channel}", oldest.MediaSequence, oldest.Channel);
        }

        var waited = unindexed.Count - 1;
        try
        {
            while (unindexed.TryPeek(out var next))
            {
                await index.AddAsync(StoreId, next).ConfigureAwait(false);
                unindexed.Dequeue();
            }
        }
        catch (System.Data.Common.DbException e)
        {
            if (waited == 0)
            {
                log.LogWarning("archive index unavailable ({Reason}): segment files are kept and indexed once it is back", e.Message);
            }

            return;
        }

        if (waited > 0)
        {
            log.LogInformation("archive index reachable again: indexed {Count} segments kept meanwhile", waited);
        }
    }
}
