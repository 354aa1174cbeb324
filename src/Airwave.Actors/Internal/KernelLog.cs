using Microsoft.Extensions.Logging;

namespace Airwave.Actors.Internal;

/// <summary>The kernel's log messages, generated once instead of formatted per call.</summary>
internal static partial class KernelLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Actor {Path} failed")]
    public static partial void ActorFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Actor {Path} exceeded {MaxRetries} restarts within {Window}; stopping it")]
    public static partial void RestartsExhausted(ILogger logger, string path, int maxRetries, TimeSpan window);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Lifecycle hook {Hook} of {Path} threw")]
    public static partial void HookFailed(ILogger logger, string hook, string path, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Dead letter to {Path}: {MessageType}")]
    public static partial void DeadLetter(ILogger logger, string path, string messageType);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Suppressed} more dead letters were not logged")]
    public static partial void DeadLettersSuppressed(ILogger logger, long suppressed);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Coordinated shutdown started: {Reason}")]
    public static partial void ShutdownStarted(ILogger logger, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Shutdown phase {Phase} did not finish within {Timeout}")]
    public static partial void PhaseTimedOut(ILogger logger, string phase, TimeSpan timeout);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Shutdown task {Task} in phase {Phase} failed")]
    public static partial void ShutdownTaskFailed(ILogger logger, string task, string phase, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "Supervisor decider of {Path} threw; escalating")]
    public static partial void DeciderFailed(ILogger logger, string path, Exception exception);
}
