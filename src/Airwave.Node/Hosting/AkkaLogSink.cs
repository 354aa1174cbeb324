using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Airwave.Node.Hosting;

/// <summary>
/// Akka's logger for the node: each Akka log event becomes one line of the node's own log, under the category of the
/// class that logged it, with the message alone and, for an actor, its path.
/// </summary>
/// <remarks>
/// Akka.Hosting's <c>LoggerFactoryLogger</c> renders Akka's whole event as the message, so every Akka line carried a
/// second level, timestamp and thread (<c>info: Akka.Actor.ActorSystem[0] [INFO][12/02/2026 13:00:07.871Z][Thread 0017]…</c>)
/// inside the node's own prefix.
/// </remarks>
public sealed class AkkaLogSink : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory loggers;
    private readonly Dictionary<Type, ILogger> byClass = [];

    public AkkaLogSink()
    {
        var setup = Context.System.Settings.Setup.Get<Setup>();
        loggers = setup.HasValue ? setup.Value.Loggers : throw new InvalidOperationException($"{nameof(AkkaLogSink)} needs its {nameof(Setup)} in the actor system's setup");
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    /// <summary>The node's log, handed to the actor system when it is composed.</summary>
    public sealed class Setup(ILoggerFactory loggers) : Akka.Actor.Setup.Setup
    {
        public ILoggerFactory Loggers { get; } = loggers;
    }

    /// <summary>The line an event becomes: its message, and where an actor logged it, which one.</summary>
    private static string Line(LogEvent logEvent)
    {
        var message = logEvent.Message?.ToString() ?? "";
        return logEvent.LogSource.StartsWith("akka://", StringComparison.Ordinal) ? $"{message} ({logEvent.LogSource})" : message;
    }

    private void Write(LogEvent logEvent)
    {
        if (!byClass.TryGetValue(logEvent.LogClass, out var log))
        {
            log = loggers.CreateLogger(logEvent.LogClass.FullName ?? logEvent.LogClass.Name);
            byClass[logEvent.LogClass] = log;
        }

        log.Log(Level(logEvent.LogLevel()), 0, Line(logEvent), logEvent.Cause, static (line, _) => line);
    }

    private static LogLevel Level(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
