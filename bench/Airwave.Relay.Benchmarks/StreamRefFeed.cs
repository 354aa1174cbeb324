using Airwave.Streaming.Relay;
using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Airwave.Relay.Benchmarks;

/// <summary>
/// The relay path issue 11 proposed: the owner offers each relay a <see cref="ISourceRef{TOut}"/> of chunk frames over
/// Akka.Remote (DotNetty TCP), one message per chunk (a <c>byte[]</c>, Akka's byte-array serializer); the relay runs
/// it with an idle timeout, since a source ref whose producer died never completes.
/// </summary>
internal static class StreamRefFeed
{
    public static Config Remoting(int port) => ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = WARNING
          actor.provider = remote
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}} }
        }
        """).WithFallback(ActorMaterializer.DefaultConfig());

    /// <summary>Runs the actor <c>/user/feeds</c>, which answers an <see cref="OpenFeed"/> with a source ref, until the process is killed.</summary>
    public static async Task ProduceAsync(int port)
    {
        var system = ActorSystem.Create("relaybench", Remoting(port));
        system.ActorOf(Props.Create(() => new FeedsActor()), "feeds");
        await system.WhenTerminated.ConfigureAwait(false);
    }

    /// <summary>Opens a feed at the producer on <paramref name="port"/> and reads it until it ends; returns why it ended.</summary>
    public static async Task<string> ConsumeAsync(ActorSystem system, int port, OpenFeed open, int feed, FeedStats stats, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        try
        {
            var feeds = system.ActorSelection($"akka.tcp://relaybench@127.0.0.1:{port}/user/feeds");
            var sourceRef = await feeds.Ask<ISourceRef<byte[]>>(open, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            await sourceRef.Source
                .IdleTimeout(idleTimeout)
                .RunForeach(
                    frame =>
                    {
                        var (seq, latency) = ChunkFrames.Read(frame.AsSpan(FeedFrames.FrameHeaderSize));
                        stats.Chunk(feed, seq, latency, frame.Length);
                    },
                    system.Materializer())
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
            return "completed";
        }
        catch (TimeoutException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    /// <summary>Asks for a feed: paced (a chunk every 0.5 s after <see cref="OffsetMs"/>) or, with <see cref="BulkChunks"/> &gt; 0, that many chunks at once.</summary>
    public sealed record OpenFeed(int OffsetMs, int BulkChunks);

    private sealed class FeedsActor : ReceiveActor
    {
        public FeedsActor()
        {
            var materializer = Context.Materializer();
            Receive<OpenFeed>(open =>
            {
                var chunks = open.BulkChunks > 0
                    ? Source.From(Enumerable.Range(1, open.BulkChunks)).Select(seq => ChunkFrames.Create(seq))
                    : Source.Tick(TimeSpan.FromMilliseconds(open.OffsetMs), ChunkFrames.ChunkDuration, NotUsed.Instance)
                        .ZipWithIndex()
                        .Select(tick => ChunkFrames.Create(tick.Item2 + 1))
                        .MapMaterializedValue(_ => NotUsed.Instance);
                chunks.RunWith(StreamRefs.SourceRef<byte[]>(), materializer).PipeTo(Sender);
            });
        }
    }
}
