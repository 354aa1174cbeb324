using Airwave.Actors;
using Airwave.Media;
using Airwave.Persistence;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Rewind;
using Airwave.Streaming.Sources;
using Airwave.TestKit;

namespace Airwave.Streaming.Tests.Channels;

/// <summary>Real channel actors over a SQLite journal in a temporary directory, driven by a manual clock.</summary>
internal sealed class ChannelTestbed : IAsyncDisposable
{
    private readonly List<LiveChannel> channels = [];

    private ChannelTestbed(string directory, PersistenceStores stores, ManualTimeProvider clock)
    {
        Directory = directory;
        Stores = stores;
        Clock = clock;
        Serializer = new EventSerializer();
        ChannelSequence.Register(Serializer);
        System = new ActorSystem("channels-" + Guid.NewGuid().ToString("N")[..8]);
    }

    public string Directory { get; }

    public string DumpDirectory => Path.Combine(Directory, "rewind");

    public PersistenceStores Stores { get; }

    public EventSerializer Serializer { get; }

    public ManualTimeProvider Clock { get; }

    public ActorSystem System { get; }

    public static async Task<ChannelTestbed> CreateAsync(string? directory = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "airwave-channel-" + Guid.NewGuid().ToString("N"));
        global::System.IO.Directory.CreateDirectory(directory);
        var stores = await PersistenceStoreFactory.OpenAsync(new PersistenceOptions { Provider = PersistenceProvider.Sqlite, DataDirectory = directory });
        return new ChannelTestbed(directory, stores, new ManualTimeProvider(TestChannels.Origin));
    }

    /// <summary>Spawns the actor of a new channel (its <see cref="LiveChannel.Actor"/> is set); <paramref name="epoch"/> is the shard lease's fencing epoch it runs under (null: standalone).</summary>
    public LiveChannel Start(ChannelSettings settings, long? epoch = null)
    {
        var buffer = new RewindBuffer(new RewindBufferOptions { MaxDuration = settings.Rewind, RecycleGuard = TimeSpan.Zero });
        var channel = new LiveChannel(settings, buffer);
        var sequence = new ChannelSequence(settings.Name, Stores.Journal, Serializer);
        channel.Actor = System.Spawn(Props.Create(() => new ChannelActor(channel, sequence, DumpDirectory, Clock) { Epoch = epoch }), settings.Name + "-" + channels.Count);
        channels.Add(channel);
        return channel;
    }

    /// <summary>Attaches a new source and returns it once the channel accepted it.</summary>
    public static async Task<SourceDescriptor> AttachAsync(LiveChannel channel)
    {
        var source = new SourceDescriptor(Guid.NewGuid(), "test", AudioFormat.Mp3, "tests");
        var result = await channel.Actor!.Ask<SourceAttachResult>(reply => new AttachSource(source, reply), TimeSpan.FromSeconds(10));
        if (!result.Accepted)
        {
            throw new InvalidOperationException("source refused: " + result.Reason);
        }

        return source;
    }

    /// <summary>Waits until the channel's newest chunk has sequence number <paramref name="seq"/> or higher.</summary>
    public static Task WaitForSeqAsync(LiveChannel channel, long seq) =>
        TestProbe.AwaitAssertAsync(() => Xunit.Assert.True(channel.Buffer.Snapshot().LastSeq >= seq, $"newest is {channel.Buffer.Snapshot().LastSeq}, want {seq}"), TimeSpan.FromSeconds(10));

    /// <summary>Stops one channel's actor and waits until it is gone (it writes its dump on the way).</summary>
    public async Task StopAsync(LiveChannel channel)
    {
        System.Stop(channel.Actor!);
        var probe = new TestProbe(System);
        probe.Watch(channel.Actor!);
        await probe.ExpectTerminatedAsync(channel.Actor!, TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await System.TerminateAsync().WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var channel in channels)
        {
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
