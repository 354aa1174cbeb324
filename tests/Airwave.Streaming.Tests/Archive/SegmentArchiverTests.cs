using Airwave.Streaming.Archive;
using Airwave.Streaming.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Airwave.Streaming.Tests.Archive;

/// <summary>The archiver copies closed segments out of the buffer on the channel's turn and leaves the disk to the writer.</summary>
public sealed class SegmentArchiverTests
{
    [Fact]
    public void Segment_bytes_are_copied_without_any_prefix()
    {
        var channel = TestChannels.Detached();
        Mp3Chunks.SetMp3Stream(channel);
        var bytes = Mp3Chunks.Append(channel, 5, 4, TestChannels.Origin);
        var archive = new RecordingArchive();

        new SegmentArchiver(archive, _ => ArchiveSettings.Default, NullLogger<SegmentArchiver>.Instance).OnSegmentClosed(channel, Mp3Chunks.Segment(channel, 3, 5, 8));

        var write = Assert.Single(archive.Writes);
        Assert.Equal(bytes, write.Payload.ToArray());
        Assert.Equal("live/2026/11/21/09/3.mp3", write.Segment.Path);
    }

    [Fact]
    public void Segments_of_channels_with_the_archive_disabled_are_skipped()
    {
        var channel = TestChannels.Detached();
        Mp3Chunks.SetMp3Stream(channel);
        Mp3Chunks.Append(channel, 0, 4, TestChannels.Origin);
        var archive = new RecordingArchive();

        new SegmentArchiver(archive, _ => ArchiveSettings.Default with { Enabled = false }, NullLogger<SegmentArchiver>.Instance)
            .OnSegmentClosed(channel, Mp3Chunks.Segment(channel, 0, 0, 3));

        Assert.Empty(archive.Writes);
    }

    [Fact]
    public void Segment_that_left_the_buffer_is_not_archived()
    {
        var channel = TestChannels.Detached();
        Mp3Chunks.SetMp3Stream(channel);
        Mp3Chunks.Append(channel, 0, 4, TestChannels.Origin);
        var segment = Mp3Chunks.Segment(channel, 0, 0, 3);
        Mp3Chunks.Append(channel, 4, 4, TestChannels.Origin.AddHours(2));
        var archive = new RecordingArchive();

        new SegmentArchiver(archive, _ => ArchiveSettings.Default, NullLogger<SegmentArchiver>.Instance).OnSegmentClosed(channel, segment);

        Assert.Empty(archive.Writes);
    }
}
