using Akka.Actor;

namespace Airwave.Node.Hosting;

/// <summary>Why the node ran coordinated shutdown (a signal, a refused port, the cluster downing it), for its log.</summary>
internal sealed class NodeStopReason(string text) : CoordinatedShutdown.Reason
{
    /// <summary>Unused: the node's exit code comes from its own state (downed or not), as the CLR is never exited by Akka here.</summary>
    public override int ExitCode => 0;

    public override string ToString() => text;
}
