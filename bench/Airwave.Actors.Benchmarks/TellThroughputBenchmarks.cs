using Airwave.Actors;
using BenchmarkDotNet.Attributes;

namespace Airwave.Actors.Benchmarks;

/// <summary>Messages per second from one sender to one receiver, and from one sender fanned out to 1,000 receivers.</summary>
[MemoryDiagnoser]
public class TellThroughputBenchmarks
{
    private const int Messages = 1_000_000;
    private const int FanOutActors = 1_000;

    private ActorSystem _system = null!;
    private SingleReceiverCountdown _receiverInstance = null!;
    private IActorRef<int> _receiver = null!;
    private readonly Countdown _fanOutCountdown = new();
    private IActorRef<int>[] _fanOut = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = new ActorSystem("bench");
        _receiverInstance = new SingleReceiverCountdown();
        _receiver = _system.Spawn(Props.Create<int>(() => _receiverInstance), "receiver");
        _fanOut = new IActorRef<int>[FanOutActors];
        for (var i = 0; i < FanOutActors; i++)
        {
            _fanOut[i] = _system.Spawn(Props.Create(() => new CountdownActor(_fanOutCountdown)), $"fan-{i}");
        }
    }

    [GlobalCleanup]
    public Task Cleanup() => _system.TerminateAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task OneSenderOneReceiver()
    {
        var done = _receiverInstance.Expect(Messages);
        var receiver = _receiver;
        for (var i = 0; i < Messages; i++)
        {
            receiver.Tell(i);
        }

        return done;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task FanOutToThousandActors()
    {
        var done = _fanOutCountdown.Reset(Messages);
        var actors = _fanOut;
        for (var i = 0; i < Messages; i++)
        {
            actors[i % FanOutActors].Tell(i);
        }

        return done;
    }
}
