using System.Buffers;
using System.IO.Pipelines;
using Airwave.Streaming.Relay;

namespace Airwave.Relay.Benchmarks;

/// <summary>
/// The relay path the node uses today: a chunked HTTP/1.1 response per relay, frames written straight into Kestrel's
/// response pipe and flushed per chunk (as <see cref="ChannelFeedWriter"/> does), read by <see cref="HttpClient"/> and cut
/// with <see cref="FeedFrameReader"/> (as the relay does).
/// </summary>
internal static class HttpFeed
{
    /// <summary>Serves <c>/feed?offset=MS</c> (a chunk every 0.5 s, the first after the offset) and <c>/bulk?chunks=N</c> (N chunks at once).</summary>
    public static async Task ProduceAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
        var app = builder.Build();
        app.MapGet("/feed", async (HttpContext context, int offset) =>
        {
            context.Response.ContentType = "application/x-airwave-feed";
            await Task.Delay(offset, context.RequestAborted).ConfigureAwait(false);
            using var timer = new PeriodicTimer(ChunkFrames.ChunkDuration);
            for (long seq = 1; await timer.WaitForNextTickAsync(context.RequestAborted).ConfigureAwait(false); seq++)
            {
                if ((await WriteAsync(context.Response.BodyWriter, seq).ConfigureAwait(false)).IsCompleted)
                {
                    return;
                }
            }
        });
        app.MapGet("/bulk", async (HttpContext context, int chunks) =>
        {
            context.Response.ContentType = "application/x-airwave-feed";
            for (long seq = 1; seq <= chunks; seq++)
            {
                ChunkFrames.Write(context.Response.BodyWriter.GetSpan(ChunkFrames.FrameLength), seq);
                context.Response.BodyWriter.Advance(ChunkFrames.FrameLength);
                if (seq % 32 == 0 && (await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false)).IsCompleted)
                {
                    return;
                }
            }
        });
        await app.RunAsync().ConfigureAwait(false);
    }

    /// <summary>Reads feed <paramref name="feed"/> at <paramref name="url"/> until it ends; returns why it ended.</summary>
    public static async Task<string> ConsumeAsync(HttpClient http, Uri url, int feed, FeedStats stats, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var reader = PipeReader.Create(body);
            var scratch = new byte[ChunkFrames.FrameLength];
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (true)
            {
                idle.CancelAfter(idleTimeout);
                var read = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                while (FeedFrameReader.TryRead(ref buffer, out _, out var frame))
                {
                    var (seq, latency) = ChunkFrames.Read(Contiguous(frame, scratch));
                    stats.Chunk(feed, seq, latency, (int)frame.Length + FeedFrames.FrameHeaderSize);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return "completed";
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"idle for {idleTimeout.TotalSeconds:0.#} s";
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    /// <summary>The frame as one span, copied into <paramref name="scratch"/> only when the pipe split it (the relay does the same).</summary>
    private static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> frame, byte[] scratch)
    {
        if (frame.IsSingleSegment)
        {
            return frame.FirstSpan;
        }

        frame.CopyTo(scratch);
        return scratch.AsSpan(0, (int)frame.Length);
    }

    private static ValueTask<FlushResult> WriteAsync(PipeWriter output, long seq)
    {
        ChunkFrames.Write(output.GetSpan(ChunkFrames.FrameLength), seq);
        output.Advance(ChunkFrames.FrameLength);
        return output.FlushAsync();
    }
}
