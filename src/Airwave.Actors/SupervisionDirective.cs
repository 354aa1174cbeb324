namespace Airwave.Actors;

/// <summary>The parent's decision about a child that threw.</summary>
public enum SupervisionDirective
{
    /// <summary>Replace the instance with a fresh one from its props, keeping mailbox and ref.</summary>
    Restart,

    /// <summary>Keep the instance and its state; drop the failing message and continue.</summary>
    Resume,

    /// <summary>Stop the child permanently.</summary>
    Stop,

    /// <summary>Fail the parent with the same exception so the grandparent decides.</summary>
    Escalate,
}
