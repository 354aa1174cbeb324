using Airwave.Actors.Internal;
using Microsoft.Extensions.Logging;

namespace Airwave.Actors;

/// <summary>Counts and logs (rate limited) messages that could not be delivered, so losses are visible without flooding logs.</summary>
public sealed class DeadLetters
{
    private readonly ILogger _logger;
    private readonly int _logLimit;
    private readonly long _windowMs;
    private readonly Lock _gate = new();
    private long _count;
    private long _windowStart = Environment.TickCount64;
    private int _loggedInWindow;
    private long _suppressed;

    internal DeadLetters(ILogger logger, int logLimit, TimeSpan window)
    {
        _logger = logger;
        _logLimit = logLimit;
        _windowMs = (long)window.TotalMilliseconds;
    }

    /// <summary>Dead letters since the system started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records a message that <paramref name="recipient"/> could not take.</summary>
    public void Publish(object? message, IActorRef recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        Interlocked.Increment(ref _count);
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        long suppressed;
        lock (_gate)
        {
            var now = Environment.TickCount64;
            if (now - _windowStart >= _windowMs)
            {
                suppressed = _suppressed;
                _suppressed = 0;
                _windowStart = now;
                _loggedInWindow = 0;
            }
            else
            {
                suppressed = 0;
            }

            if (_loggedInWindow >= _logLimit)
            {
                _suppressed++;
                return;
            }

            _loggedInWindow++;
        }

        if (suppressed > 0)
        {
            KernelLog.DeadLettersSuppressed(_logger, suppressed);
        }

        KernelLog.DeadLetter(_logger, recipient.Path, message?.GetType().Name ?? "null");
    }
}
