using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace Airwave.Akka.Benchmarks;

/// <summary>Akka.NET's tell throughput on this machine: one sender to one receiver, and one sender fanned out to 1,000 receivers.</summary>
[MemoryDiagnoser]
public class TellThroughputBenchmarks
{
    private const int Messages = 1_000_000;
    private const int FanOutActors = 1_000;

    private ActorSystem system = null!;
    private IActorRef receiver = null!;
    private readonly Countdown fanOutCountdown = new();
    private IActorRef[] fanOut = null!;

    [GlobalSetup]
    public void Setup()
    {
        system = ActorSystem.Create("bench");
        var gate = new SingleReceiverGate();
        receiver = system.ActorOf(Props.Create(() => new SingleReceiverCountdown(gate)), "receiver");
        gate.Created.Wait();
        fanOut = new IActorRef[FanOutActors];
        for (var i = 0; i < FanOutActors; i++)
        {
            fanOut[i] = system.ActorOf(Props.Create(() => new CountdownActor(fanOutCountdown)), $"fan-{i}");
        }
    }

    [GlobalCleanup]
    public Task Cleanup() => system.Terminate();

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task OneSenderOneReceiver()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = this.receiver;
        receiver.Tell(new SingleReceiverCountdown.Arm(Messages, done), ActorRefs.NoSender);
        for (var i = 0; i < Messages; i++)
        {
            receiver.Tell(i, ActorRefs.NoSender);
        }

        return done.Task;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task FanOutToThousandActors()
    {
        var done = fanOutCountdown.Reset(Messages);
        var actors = fanOut;
        for (var i = 0; i < Messages; i++)
        {
            actors[i % FanOutActors].Tell(i, ActorRefs.NoSender);
        }

        return done;
    }
}
