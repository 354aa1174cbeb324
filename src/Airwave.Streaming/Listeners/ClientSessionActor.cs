using Airwave.Actors;
using Airwave.Persistence;
using Microsoft.Extensions.Logging;

namespace Airwave.Streaming.Listeners;

/// <summary>One listener's session (<c>/user/sessions/&lt;id&gt;</c>): keeps its progress and journals the session when it ends.</summary>
public sealed class ClientSessionActor(PersistenceServices persistence) : Actor<ClientSessionActor.Command>
{
    /// <summary>Messages of a session.</summary>
    public abstract record Command;

    /// <summary>The listener left; journal the session and stop.</summary>
    public sealed record SessionEnded(ListenerSessionRecord Record) : Command;

    /// <summary>Registers the session record type with the serializer (once per serializer).</summary>
    public static void Register(EventSerializer serializer) => serializer.Register<ListenerSessionRecord>(ListenerSessionRecord.Manifest);

    protected override async ValueTask ReceiveAsync(Command message)
    {
        if (message is SessionEnded end)
        {
            try
            {
                var payload = persistence.Serializer.Serialize(end.Record);
                await persistence.Journal.WriteAsync("session/" + end.Record.SessionId.ToString("N"), [new EventToWrite(1, payload, [ListenerSessionRecord.Tag])])
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Context.Log.LogWarning(e, "could not journal listener session {Session}", end.Record.SessionId);
            }

            Context.Stop(Context.Self);
        }
    }
}
