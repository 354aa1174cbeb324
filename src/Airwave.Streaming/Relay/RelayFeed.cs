using System.Buffers;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using Airwave.Media.Icy;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Chunks;

namespace Airwave.Streaming.Relay;

/// <summary>One connection of a relay to the owner's feed: reads frames and writes them into the replica, the replica's only writer while it runs.</summary>
/// <remarks>
/// Chunks keep the owner's sequence numbers; a chunk at or below the replica's newest is dropped, so a reconnect (to the
/// same or a new owner) never delivers a chunk twice. A new owner's clock may put a chunk slightly before the previous
/// owner's last one; it is moved to start where the replica ends, so times never go backwards.
/// </remarks>
internal sealed class RelayFeed(LiveChannel replica, HttpClient http, string secret)
{
    /// <summary>A feed that sends nothing (not even a heartbeat) for this long is dead.</summary>
    public static readonly TimeSpan ReadTimeout = ChannelFeedWriter.HeartbeatInterval * 3;

    private byte[] scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private long chunks;

    /// <summary>Opens the feed at <paramref name="url"/> on <paramref name="owner"/> and applies it until it ends; never throws. <paramref name="opened"/> runs once the owner answered.</summary>
    public async Task<RelayFeedEnd> RunAsync(Uri url, string owner, Action? opened, CancellationToken cancellationToken)
    {
        var connected = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(ReadTimeout);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new RelayFeedEnd($"owner answered {(int)response.StatusCode} {response.ReasonPhrase}", 0);
            }

            connected = true;
            replica.Relay?.MarkConnected(owner);
            opened?.Invoke();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await ReadAsync(PipeReader.Create(body), cancellationToken).ConfigureAwait(false) with { Connected = true };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new RelayFeedEnd("closed", chunks, connected);
        }
        catch (OperationCanceledException)
        {
            return new RelayFeedEnd($"owner sent nothing for {ReadTimeout.TotalSeconds:0} s", chunks, connected);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException)
        {
            return new RelayFeedEnd(e.Message, chunks, connected);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Applies the frames <paramref name="reader"/> delivers until it ends, goes silent for <see cref="ReadTimeout"/> or is cancelled.</summary>
    internal async Task<RelayFeedEnd> ReadAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                idle.CancelAfter(ReadTimeout);
                var read = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                var appended = false;
                while (FeedFrameReader.TryRead(ref buffer, out var type, out var body))
                {
                    appended |= Apply(type, body);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (appended)
                {
                    replica.Signal.Publish();
                }

                if (read.IsCompleted)
                {
                    return new RelayFeedEnd("owner closed the feed", chunks);
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Applies one frame; true when it appended a chunk.</summary>
    private bool Apply(FeedFrameType type, ReadOnlySequence<byte> body)
    {
        var bytes = Contiguous(body);
        switch (type)
        {
            case FeedFrameType.Chunk:
                return Append(bytes);
            case FeedFrameType.State:
                Mirror(FeedState.FromJson(bytes) ?? throw new InvalidDataException("feed state frame is not valid JSON"));
                return false;
            case FeedFrameType.Segment:
                var segment = FeedFrames.ReadSegment(bytes, replica.Id);
                if (replica.Segments.Latest is not { } latest || segment.MediaSequence > latest.MediaSequence)
                {
                    replica.Segments.Add(segment);
                }

                return false;
            case FeedFrameType.Live:
                replica.Relay?.MarkReady();
                return false;
            default:
                return false;
        }
    }

    private bool Append(ReadOnlySpan<byte> body)
    {
        if (!FeedFrames.TryReadChunkHeader(body, body.Length, out var header))
        {
            throw new InvalidDataException("feed chunk frame has an impossible header");
        }

        var buffer = replica.Buffer;
        var held = buffer.Snapshot();
        if (!held.IsEmpty && header.Seq <= held.LastSeq)
        {
            return false;
        }

        if (!held.IsEmpty && header.StartTicks < held.NewestEndTicks)
        {
            header = new ChunkHeader(header.Seq, held.NewestEndTicks, header.DurationTicks, header.Markers, header.MetadataVersion, header.PayloadLength, header.Format);
        }

        buffer.Append(header, body[FeedFrames.ChunkHeaderSize..]);
        replica.Segments.EvictBefore(buffer.Snapshot().FirstSeq);
        replica.Counters.AddBytesIn(header.PayloadLength);
        chunks++;
        return true;
    }

    private void Mirror(FeedState state)
    {
        if (state.Stream is { } stream)
        {
            replica.Stream = stream;
        }

        if (state.MetadataVersion != replica.NowPlaying.Version)
        {
            replica.NowPlaying = new NowPlaying(state.Title, state.Url, state.MetadataVersion, IcyMetadataEncoder.Encode(state.Title, state.Url, replica.Settings.IcyCharset));
        }

        replica.Source = state.Source;
    }

    private ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return body.FirstSpan;
        }

        if (scratch.Length < body.Length)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent((int)body.Length);
        }

        body.CopyTo(scratch);
        return scratch.AsSpan(0, (int)body.Length);
    }
}
