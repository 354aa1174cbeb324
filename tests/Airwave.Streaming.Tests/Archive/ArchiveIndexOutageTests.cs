using System.Buffers;
using System.Data.Common;
using Airwave.Persistence.Archive;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Airwave.Streaming.Tests.Archive;

/// <summary>An archive whose index database is down keeps the segment files and indexes them, in order, once it is back.</summary>
public sealed class ArchiveIndexOutageTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("airwave-archive-outage-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Segments_written_while_the_index_is_down_are_indexed_with_the_first_one_after()
    {
        var index = new FlakyIndex();
        await using var archive = new DiskArchive(root, index, 16, NullLogger.Instance);
        Write(archive, 0);
        await Until(() => index.Added.Count == 1);

        index.Down = true;
        Write(archive, 1);
        Write(archive, 2);
        await Until(() => index.Refused >= 2);
        Assert.True(File.Exists(Path.Combine(root, Record(2).Path)), "the file of a segment the index refused is kept");

        index.Down = false;
        Write(archive, 3);
        await Until(() => index.Added.Count == 4);
        Assert.Equal([0L, 1, 2, 3], index.Added.Select(r => r.MediaSequence));
    }

    private static void Write(DiskArchive archive, long mediaSequence)
    {
        var record = Record(mediaSequence);
        var buffer = ArrayPool<byte>.Shared.Rent((int)record.Bytes);
        Assert.True(archive.TryWrite(new ArchiveSegmentWrite(record, buffer)));
    }

    private static ArchiveSegmentRecord Record(long mediaSequence) =>
        new("outage", mediaSequence, mediaSequence * 4, (mediaSequence * 4) + 3, TestChannels.Origin.AddSeconds(2 * mediaSequence).Ticks, TimeSpan.FromSeconds(2).Ticks, 100, false, $"outage/{mediaSequence}.mp3");

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    /// <summary>An index that refuses writes while <see cref="Down"/>, as one whose database is stopped.</summary>
    private sealed class FlakyIndex : IArchiveIndex
    {
        public volatile bool Down;

        public List<ArchiveSegmentRecord> Added { get; } = [];

        public int Refused { get; private set; }

        public Task AddAsync(string store, ArchiveSegmentRecord segment, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                Refused++;
                return Task.FromException(new IndexDownException());
            }

            lock (Added)
            {
                Added.Add(segment);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<ArchiveSegmentRecord>> OverlappingAsync(string channel, long fromTicks, long toTicks, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ArchiveSegmentRecord>>([]);

        public Task<ArchiveSegmentRecord?> FindAsync(string channel, long mediaSequence, CancellationToken cancellationToken = default) =>
            Task.FromResult<ArchiveSegmentRecord?>(null);

        public Task<IReadOnlyList<ArchiveSegmentRecord>> OldestAsync(string store, string channel, long endTicks, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ArchiveSegmentRecord>>([]);

        public Task<long> TotalBytesAsync(string store, string channel, CancellationToken cancellationToken = default) => Task.FromResult(0L);

        public Task<IReadOnlyList<string>> ChannelsAsync(string store, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<ArchiveSegmentRecord>> UnclaimedAsync(int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ArchiveSegmentRecord>>([]);

        public Task ClaimAsync(string store, IReadOnlyCollection<ArchiveSegmentRecord> segments, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task DeleteAsync(string channel, IReadOnlyCollection<long> mediaSequences, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class IndexDownException : DbException
    {
        public IndexDownException()
            : base("the database is down")
        {
        }
    }
}
