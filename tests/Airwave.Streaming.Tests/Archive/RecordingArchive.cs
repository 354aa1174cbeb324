using Airwave.Persistence.Archive;
using Airwave.Streaming.Archive;

namespace Airwave.Streaming.Tests.Archive;

/// <summary>An archive that only records what it was asked to write.</summary>
internal sealed class RecordingArchive : IArchive
{
    public List<ArchiveSegmentWrite> Writes { get; } = [];

    public bool TryWrite(ArchiveSegmentWrite write)
    {
        Writes.Add(write);
        return true;
    }

    public Task<IReadOnlyList<ArchiveSegmentRecord>> QueryAsync(string channel, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArchiveSegmentRecord>>([]);

    public Task<ArchiveSegmentRecord?> FindAsync(string channel, long mediaSequence, CancellationToken cancellationToken = default) =>
        Task.FromResult<ArchiveSegmentRecord?>(null);

    public Task<IReadOnlyList<string>> ChannelsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);

    public Task<int> AdoptAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Stream OpenRead(ArchiveSegmentRecord segment) => throw new FileNotFoundException(segment.Path);

    public Task<ArchivePruneResult> PruneAsync(string channel, DateTime olderThanUtc, long maxBytes, CancellationToken cancellationToken = default) =>
        Task.FromResult(default(ArchivePruneResult));
}
