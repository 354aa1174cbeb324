using Airwave.Channels.Tests.Journaling;
using Airwave.Media;
using Airwave.Persistence;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Fixtures;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Sources;
using Akka.Actor;
using Akka.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Airwave.Channels.Tests;

/// <summary>Real channel actors in a test's actor system over a SQLite journal in a temporary directory, driven by a manual clock.</summary>
internal sealed class ChannelTestbed : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly List<LiveChannel> channels = [];
    private readonly Dictionary<LiveChannel, IActorRef> actors = [];
    private readonly Dictionary<LiveChannel, IActorRef[]> counters = [];
    private readonly TestKitBase kit;

    private ChannelTestbed(TestKitBase kit, string directory, PersistenceStores stores, ManualTimeProvider clock)
    {
        this.kit = kit;
        Directory = directory;
        Stores = stores;
        Clock = clock;
    }

    public string Directory { get; }

    public string DumpDirectory => Path.Combine(Directory, "rewind");

    public PersistenceStores Stores { get; }


    public ManualTimeProvider Clock { get; }

    public ActorSystem System => kit.Sys;

    public static async Task<ChannelTestbed> CreateAsync(TestKitBase kit, string? directory = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "airwave-channel-" + Guid.NewGuid().ToString("N"));
        global::System.IO.Directory.CreateDirectory(directory);
        var stores = await PersistenceStoreFactory.OpenAsync(new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory });
        return new ChannelTestbed(kit, directory, stores, new ManualTimeProvider(TestChannels.Origin));
    }

    /// <summary>Starts the actor of a new channel (<see cref="ActorOf"/> finds it); <paramref name="epoch"/> is the shard lease's fencing epoch it runs under (null: standalone).</summary>
    public LiveChannel Start(ChannelSettings settings, long? epoch = null)
    {
        var buffer = new RewindBuffer(new RewindBufferOptions { MaxDuration = settings.Rewind, RecycleGuard = TimeSpan.Zero });
        var channel = new LiveChannel(settings, buffer, Clock);
        var chunks = TestJournals.Start<SequenceReserved>(System, ChannelSequence.PersistenceIdOf(settings.Name));
        var sequence = new ChannelSequence(chunks);
        counters[channel] = [chunks.Actor];
        var lease = epoch is null ? ChannelLease.Standalone : new ChannelLease(epoch, static () => true, static () => true);
        var dumps = DumpDirectory;
        var clock = Clock;
        actors[channel] = System.ActorOf(
            Props.Create(() => new ChannelActor(channel, sequence, dumps, clock, NullLogger.Instance, null, null, lease)), settings.Name + "-" + channels.Count);
        channels.Add(channel);
        return channel;
    }

    /// <summary>The actor of a channel this testbed started.</summary>
    public IActorRef ActorOf(LiveChannel channel) => actors[channel];

    /// <summary>Attaches a new source and returns it once the channel accepted it.</summary>
    public Task<SourceDescriptor> AttachAsync(LiveChannel channel) =>
        AttachAsync(channel, new SourceDescriptor(Guid.NewGuid(), "test", AudioFormat.Mp3, "tests"));

    /// <summary>Attaches <paramref name="source"/> and returns it once the channel accepted it.</summary>
    public async Task<SourceDescriptor> AttachAsync(LiveChannel channel, SourceDescriptor source)
    {
        var result = await ActorOf(channel).Ask<SourceAttachResult>(reply => new AttachSource(source, reply), Timeout, default);
        if (!result.Accepted)
        {
            throw new InvalidOperationException("source refused: " + result.Reason);
        }

        return source;
    }

    /// <summary>Waits until the channel's newest chunk has sequence number <paramref name="seq"/> or higher.</summary>
    public Task WaitForSeqAsync(LiveChannel channel, long seq) =>
        kit.AwaitAssertAsync(() => Xunit.Assert.True(channel.Buffer.Snapshot().LastSeq >= seq, $"newest is {channel.Buffer.Snapshot().LastSeq}, want {seq}"), Timeout);

    /// <summary>Stops one channel the way the node does (it writes its final dump) and waits until its actor is gone.</summary>
    public async Task StopAsync(LiveChannel channel)
    {
        var probe = kit.CreateTestProbe();
        var actor = ActorOf(channel);
        probe.Watch(actor);
        actor.Tell(StopChannel.Instance);
        await probe.ExpectTerminatedAsync(actor, Timeout);
        await StopCountersAsync(channel);
    }

    /// <summary>A channel's counters stop after it, as in the node: one writer per persistence id.</summary>
    private async Task StopCountersAsync(LiveChannel channel)
    {
        if (counters.Remove(channel, out var actors))
        {
            foreach (var actor in actors)
            {
                await actor.GracefulStop(Timeout);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in channels)
        {
            // The actor may still touch the buffer (a sweep, a dump) until it is gone.
            await ActorOf(channel).GracefulStop(Timeout);
            await StopCountersAsync(channel);
            channel.Dispose();
        }

        await Stores.DisposeAsync();
        try
        {
            global::System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
