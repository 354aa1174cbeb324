using System.Globalization;

namespace Airwave.Node.Hosting;

/// <summary>A logger provider that writes one line per log entry into a <see cref="LogRing"/>.</summary>
internal sealed class LogRingProvider(LogRing ring) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RingLogger(ring, categoryName);

    public void Dispose()
    {
    }

    private sealed class RingLogger(LogRing ring, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var time = DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var error = exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message;
            ring.Add($"{time} {logLevel} {category}: {formatter(state, exception)}{error}");
        }
    }
}
