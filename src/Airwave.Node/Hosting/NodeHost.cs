using System.Net;
using System.Runtime.InteropServices;
using Airwave.Channels;
using Airwave.Channels.Journaling;
using Airwave.Channels.Transcoding;
using Airwave.Hocon;
using Airwave.Hocon.Values;
using Airwave.Node.Access;
using Airwave.Node.Admin;
using Airwave.Node.Alerts;
using Airwave.Node.Analytics;
using Airwave.Node.Archive;
using Airwave.Node.Feed;
using Airwave.Node.Hls;
using Airwave.Node.Icecast;
using Airwave.Node.Icecast.Admin;
using Airwave.Node.Metrics;
using Airwave.Node.Placement;
using Airwave.Node.Tls;
using Airwave.Node.Transcode;
using Airwave.Persistence;
using Airwave.Streaming.Access;
using Airwave.Streaming.Analytics;
using Airwave.Streaming.Archive;
using Airwave.Streaming.Channels;
using Airwave.Streaming.Clips;
using Airwave.Streaming.Hls;
using Airwave.Streaming.Listeners;
using Airwave.Streaming.Sessions;
using Airwave.Streaming.Transcoding;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Streams;
using Microsoft.AspNetCore.Connections;

namespace Airwave.Node.Hosting;

/// <summary>Runs a node: configuration, actor system, persistence, channels, Kestrel on the listener and admin ports, and coordinated shutdown on SIGTERM/Ctrl-C.</summary>
internal static class NodeHost
{
    /// <summary>How long an idle connection is kept for its next request: Kestrel's default, set so the segments served before Kestrel wait the same.</summary>
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);

    /// <summary>Runs until coordinated shutdown finishes; returns the process exit code.</summary>
    /// <remarks>
    /// A configuration error exits 2, a data directory in use or a port taken exits 1, each with one line on stderr; both
    /// are found before the node writes anything to its data directory or joins a cluster.
    /// </remarks>
    public static async Task<int> RunAsync(string? configFile)
    {
        IConfigurationRoot configuration;
        NodeSettings settings;
        try
        {
            configuration = NodeConfiguration.Load(configFile);
            settings = ReadAndCheck(configuration);
        }
        catch (Exception e) when (e is HoconException or InvalidDataException or FormatException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync("airwave: configuration error: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        NodeReservation reservation;
        try
        {
            reservation = NodeReservation.Take(settings);
        }
        catch (NodeStartRefusedException e)
        {
            await Console.Error.WriteLineAsync("airwave: " + e.Message).ConfigureAwait(false);
            return 1;
        }

        using (reservation)
        {
            return await RunReservedAsync(settings.WithAdminTokenFile(), reservation, configuration, configFile).ConfigureAwait(false);
        }
    }

    /// <summary>Every setting the node reads at start or later, so a bad value stops it now, naming the key and where it was set.</summary>
    private static NodeSettings ReadAndCheck(IConfigurationRoot configuration)
    {
        try
        {
            var settings = NodeSettings.Read(configuration);
            var alerts = AlertSettings.Read(configuration);
            foreach (var channel in ChannelSettingsReader.ReadAll(configuration))
            {
                _ = ArchiveSettings.Read(configuration, channel.Name);
                _ = ChannelAlertSettings.ReadChannel(configuration, channel.Name, alerts.Channels);
            }

            _ = ArchiveOptions.Read(configuration);
            _ = ListenerSessionOptions.Read(configuration);
            _ = ListeningOptions.Read(configuration);
            _ = ElasticsearchSettings.Read(configuration);
            _ = MetricsOptions.Read(configuration);
            _ = ChannelList.ChannelListSettings.Read(configuration);
            _ = Monitoring.MonitoringSettings.Read(configuration);
            if (settings.Cluster is { } cluster)
            {
                // Only the values are checked here; ChannelClustering wires the real owner lookup after the node joined.
                _ = RelaySettingsReader.Read(configuration, cluster.Secret, (_, _) => Task.FromResult<string?>(null));
                AkkaConfig.CheckDowning(configuration);
            }

            return settings;
        }
        catch (ConfigurationValueException e)
        {
            throw e.Locate(configuration);
        }
    }

    private static async Task<int> RunReservedAsync(NodeSettings settings, NodeReservation reservation, IConfigurationRoot configuration, string? configFile)
    {
        var logs = new LogRing(1000);
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddProvider(new LogRingProvider(logs))
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            })
            .AddFilter("Microsoft", LogLevel.Warning));
        var log = loggerFactory.CreateLogger("Airwave.Node");
        ConfigurationReport.Log(log, configuration, NodeConfiguration.ResolveConfigFile(configFile));
        log.LogInformation("data in {DataDirectory} (locked through {LockFile})", settings.DataDirectory, Path.Combine(settings.DataDirectory, DataDirectoryLock.FileName));

        var sessionOptions = ListenerSessionOptions.Read(configuration);
        AkkaPersistenceConfig.PrepareSqlite(settings.Persistence);
        var akka = AkkaConfig.Build(
            configuration, settings.ShutdownPhaseTimeout, settings.ShutdownPhaseTimeout + sessionOptions.DrainDelay + sessionOptions.DrainTimeout, settings.Persistence,
            settings.Cluster, settings.HttpBind.ToString());
        using var actors = BuildActorHost(akka, AkkaPersistenceConfig.ConnectionSetup(settings.Persistence), loggerFactory);
        try
        {
            await actors.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (settings.Cluster is { } cluster && Innermost(e) is System.Net.Sockets.SocketException refused)
        {
            log.LogCritical("cannot listen on the cluster port {Bind}:{Port} (airwave.cluster.port): {Reason}", settings.HttpBind, cluster.Port, refused.Message);
            return 1;
        }

        var system = actors.Services.GetRequiredService<ActorSystem>();
        using var signals = HookSignals(system, log);
        try
        {
            return await ServeAsync(settings, reservation, configuration, system, loggerFactory, logs, log).ConfigureAwait(false);
        }
        finally
        {
            // The actor host is never stopped (its AkkaHostedService.StopAsync would only run coordinated shutdown again):
            // once the system terminated, disposing it releases what is left.
            await CoordinatedShutdown.Get(system).Run(new NodeStopReason("node exiting")).ConfigureAwait(false);
            await system.WhenTerminated.ConfigureAwait(false);
            await AkkaHostingExitCode.SettledAsync(actors.Services.GetRequiredService<IHostApplicationLifetime>()).ConfigureAwait(false);
            log.LogInformation("node stopped");
        }
    }

    /// <summary>The host that runs the node's actor system (Akka.Hosting's <c>AddAkka</c>), started before anything else.</summary>
    /// <remarks>
    /// It is a host of its own rather than part of the web application: everything the web application's container serves
    /// (channels, sessions, endpoints, the listener port's connection handler) is built from the running actor system, the
    /// cluster membership and the stores, and the node stops the web application (<c>app.StopAsync</c>) from inside
    /// coordinated shutdown's service-unbind phase, where AkkaHostedService.StopAsync would wait for the very shutdown
    /// that is waiting for it. The host starts no listener, reads no configuration of its own, and leaves SIGTERM/Ctrl-C
    /// to the node.
    /// </remarks>
    private static IHost BuildActorHost(Config akka, Setup persistence, ILoggerFactory loggerFactory)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, ExternallyStoppedLifetime>();
        builder.Services.AddAkka(AkkaConfig.SystemName, actors => actors
            .AddSetup(new AkkaLogSink.Setup(loggerFactory))
            .AddSetup(persistence)
            .ConfigureLoggers(loggers => loggers.ClearLoggers().AddLogger<AkkaLogSink>())
            // Prepended, so the node's settings and the operator's akka { } block win over Akka.Hosting's defaults.
            .AddHocon(akka, HoconAddMode.Prepend));
        return builder.Build();
    }

    private static async Task<int> ServeAsync(NodeSettings settings, NodeReservation reservation, IConfigurationRoot configuration, ActorSystem system, ILoggerFactory loggerFactory, LogRing logs, ILogger log)
    {
        if (await NodeMembership.StartAsync(settings, system, loggerFactory, log).ConfigureAwait(false) is not { } membership)
        {
            return 1;
        }

        var stores = await PersistenceStoreFactory.OpenAsync(settings.Persistence).ConfigureAwait(false);
        if (stores.MigratedFrom is > 0 and < 4)
        {
            log.LogInformation(
                "database schema {From} migrated to {To}: runtime channels, listener sessions, ended-connection records and sequence reservations moved from the node's former journal into tables of their own; that journal is dropped",
                stores.MigratedFrom, stores.SchemaVersion);
        }

        // Before any channel starts numbering: a node that lost its journal continues above what its listeners saw.
        if (!await Monitoring.MetadataRestore.RunIfSetAsync(Monitoring.MonitoringSettings.Read(configuration), system, stores, loggerFactory).ConfigureAwait(false))
        {
            await stores.DisposeAsync().ConfigureAwait(false);
            return 1;
        }

        var clock = TimeProvider.System;
        var numberOfShards = ClusterSettingsReader.NumberOfShards(configuration);
        var channels = new ChannelDirectory(system, configuration, stores, settings.DataDirectory, AppContext.BaseDirectory, clock, loggerFactory);
        var sharding = ChannelClustering.Configure(channels, settings, configuration, system, clock, numberOfShards, loggerFactory);
        var archiveOptions = ArchiveOptions.Read(configuration);
        var archive = new DiskArchive(
            Path.Combine(settings.DataDirectory, archiveOptions.Directory), stores.ArchiveIndex, archiveOptions.QueueSize, loggerFactory.CreateLogger<DiskArchive>());
        ArchiveSettings ArchiveSettingsOf(string channel) => ArchiveSettings.Read(configuration, channel);
        channels.SegmentObservers.Add(new SegmentArchiver(archive, ArchiveSettingsOf, loggerFactory.CreateLogger<SegmentArchiver>()));
        channels.ArchiveRefill = new ArchiveRefill(archive, loggerFactory.CreateLogger<ArchiveRefill>());
        var pruner = new ArchivePruner(archive, ArchiveSettingsOf, archiveOptions.PruneInterval, clock, loggerFactory.CreateLogger<ArchivePruner>());
        var sessionOptions = ListenerSessionOptions.Read(configuration);
        await using var sessionTable = SessionJournalTable.For(settings.Persistence);
        var sessionJournal = new SessionJournal(system, sessionTable);
        if (await sessionJournal.MoveEarlierAsync(stores.EarlierSessions).ConfigureAwait(false) is > 0 and var moved)
        {
            log.LogInformation("moved {Count} listener sessions an earlier version stored into Akka.Persistence", moved);
        }

        var metrics = new MetricsRegistry(settings.NodeName);
        using var sessions = new ClientSessions(new TimedSessionStore(sessionJournal, metrics.Journal), sessionOptions, clock, loggerFactory.CreateLogger<ClientSessions>());
        using var pushHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var listenPush = ElasticsearchSettings.Read(configuration) is { } elasticsearch
            ? new ElasticsearchPush(elasticsearch, pushHttp, loggerFactory.CreateLogger<ElasticsearchPush>())
            : null;
        using var listening = new ListeningRecorder(
            ListeningOptions.Read(configuration), stores.Listens, listenPush is null ? [] : [listenPush], settings.NodeName, clock, loggerFactory.CreateLogger<ListeningRecorder>());
        using var stopping = new CancellationTokenSource();
        using var stopCheckpoints = new CancellationTokenSource();
        var transcodeSettings = TranscodeSessionSettings.Read(configuration);
        var transcodes = new TranscodeSessions(
            system, channels.Find, new TranscodeInputs(new ClipPlanner(archive), OwnListener(settings)), new ClipWriter(archive), channels.Transcoders.Settings, transcodeSettings, channels.Transcoders.Slots,
            Path.Combine(settings.DataDirectory, transcodeSettings.Directory), clock, loggerFactory);
        var channelListHealth = new ChannelList.ChannelListHealth();
        var node = new NodeRuntime(settings, system, channels, DateTime.UtcNow)
        {
            Transcodes = transcodes,
            DeadLetters = DeadLetterCounter.Start(system),
            Sessions = sessions,
            Listening = listening,
            Listens = stores.Listens,
            ListenPush = listenPush,
            Membership = membership.View,
            Logs = logs,
            Alerts = new AlertBoard(),
            NumberOfShards = numberOfShards,
            ChannelRegion = sharding?.Region,
            ChannelList = ChannelList.ChannelListHosting.Start(system, settings, ChannelList.ChannelListSettings.Read(configuration), channels, channelListHealth, clock),
            ChannelListHealth = channelListHealth,
        };
        var metricsEndpoint = new MetricsEndpoint(new NodeMetrics(metrics, node, clock), MetricsOptions.Read(configuration));
        var app = BuildWebApp(settings, reservation, node, metricsEndpoint, sharding?.Owners, sessions, AdaptiveGroups.Read(configuration, ChannelSettingsReader.ReadAll(configuration)), archive, clock, loggerFactory, stopping.Token);
        var pruning = Task.Run(() => pruner.RunAsync(stopping.Token), CancellationToken.None);
        var checkpointing = Task.Run(() => sessions.RunAsync(stopCheckpoints.Token), CancellationToken.None);
        var recording = Task.Run(() => listening.RunAsync(stopCheckpoints.Token), CancellationToken.None);
        using var stopPushing = new CancellationTokenSource();
        var pushing = listenPush is null ? Task.CompletedTask : Task.Run(() => listenPush.RunAsync(stopPushing.Token), CancellationToken.None);
        var alerting = Task.Run(() => AlertEvaluator.Create(AlertSettings.Read(configuration), configuration, node, clock, loggerFactory).RunAsync(stopping.Token), CancellationToken.None);
        var monitoring = Monitoring.NodeMonitoring.Create(Monitoring.MonitoringSettings.Read(configuration), node, new MonitoringMetrics(metrics.Factory), clock, loggerFactory);
        var monitoringRun = Task.Run(() => monitoring.RunAsync(stopping.Token), CancellationToken.None);

        var shutdown = CoordinatedShutdown.Get(system);
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseServiceUnbind, "stop-listeners-and-sources", async ct =>
        {
            var drained = await sessions.DrainAsync(ct).ConfigureAwait(false);
            log.LogInformation("drained {Listeners} listeners: {AtBoundary} closed at a chunk boundary, {Dropped} cut off; {Checkpointed} session playheads written in the final batch",
                drained.Listeners, drained.AtChunkBoundary, drained.Dropped, drained.Checkpointed);
            // Fence before anything closes: relays get every chunk up to the last one, all the same last one.
            sharding?.Retire();

            await stopping.CancelAsync().ConfigureAwait(false);
            foreach (var channel in channels.All)
            {
                channel.Listeners.DropAll("node shutting down");
            }

            await app.StopAsync(ct).ConfigureAwait(false);
        });
        // After sources and listeners are gone (service-unbind ended the periodic pushes), before the channels stop.
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseServiceRequestsDone, "push-final-metadata", async ct =>
        {
            await monitoringRun.WaitAsync(ct).ConfigureAwait(false);
            await monitoring.PushFinalMetadataAsync(ct).ConfigureAwait(false);
        });
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseServiceStop, "stop-session-checkpoints", async ct =>
        {
            await stopCheckpoints.CancelAsync().ConfigureAwait(false);
            await checkpointing.ConfigureAwait(false);
            await sessions.FlushAsync(ct).ConfigureAwait(false);
            await recording.ConfigureAwait(false);
            await listening.FlushAsync(final: true, ct).ConfigureAwait(false);
            await StopPushingAsync(listenPush, pushing, stopPushing).ConfigureAwait(false);
        });
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseServiceStop, "stop-channels", async _ =>
        {
            // Sessions read the channels' buffers: their ffmpeg processes go first.
            await transcodes.DisposeAsync().ConfigureAwait(false);
            await channels.DisposeAsync().ConfigureAwait(false);
            await pruning.ConfigureAwait(false);
            await alerting.ConfigureAwait(false);
            await archive.DisposeAsync().ConfigureAwait(false);
        });
        ShutdownTasks.Add(shutdown, CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "close-persistence", async _ => await stores.DisposeAsync().ConfigureAwait(false));

        await channels.StartAsync(CancellationToken.None).ConfigureAwait(false);
        transcodes.Start();
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            log.LogCritical("cannot listen: {Reason}", e.Message);
            // Shut down while the shutdown tasks' state (the stopping token, the app) is still alive.
            await shutdown.Run(new NodeStopReason("cannot listen")).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            return 1;
        }

        log.LogInformation("node {Name} serving listeners and sources on {Bind}:{HttpPort}, admin API on {AdminBind}:{AdminPort} (token in {Token})",
            settings.NodeName, settings.HttpBind, settings.HttpPort, settings.AdminBind, settings.AdminPort, Path.Combine(settings.DataDirectory, "admin.token"));
        await system.WhenTerminated.ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        var exitCode = NodeMembership.ExitCodeOf(system);
        if (exitCode != 0)
        {
            log.LogError("this node was {Reason}: it stopped serving and exits with {Code}", CoordinatedShutdown.Get(system).ShutdownReason, exitCode);
        }

        return exitCode;
    }

    private static WebApplication BuildWebApp(
        NodeSettings settings, NodeReservation reservation, NodeRuntime node, MetricsEndpoint metrics, ChannelOwners? owners, ClientSessions sessions, AdaptiveGroups groups, IArchive archive, TimeProvider clock, ILoggerFactory loggerFactory, CancellationToken stopping)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, ExternallyStoppedLifetime>();
        builder.Services.AddSingleton(node.Channels);
        builder.Services.AddSingleton(sessions);
        builder.Services.AddSingleton(clock);
        var userAgents = new SharedUserAgents();
        var listenerEndpoint = new ListenerEndpoint(node.Channels, sessions, node.Listening, userAgents, clock, loggerFactory.CreateLogger<ListenerEndpoint>());
        builder.Services.AddSingleton(node.Listening);
        builder.Services.AddSingleton(listenerEndpoint);
        builder.Services.AddSingleton(groups);
        builder.Services.AddSingleton<HlsPlaylistEndpoint>();
        builder.Services.AddSingleton<HlsSegmentEndpoint>();
        builder.Services.AddSingleton<HlsGroupEndpoint>();
        builder.Services.AddSingleton(archive);
        builder.Services.AddSingleton<ArchiveEndpoint>();
        builder.Services.AddSingleton(new OwnerProxy(settings.Cluster?.Secret ?? ""));
        builder.Services.AddSingleton(new InternalFeedEndpoint(node.Channels, settings.Cluster?.Secret ?? "", clock, loggerFactory.CreateLogger<InternalFeedEndpoint>()));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownPhaseTimeout);
        var locator = new ChannelLocator(node.Channels, owners);
        var logins = new LoginThrottle(settings.LoginFailures, clock);
        builder.Services.AddSingleton(logins);
        builder.Services.AddHostedService<LoginFailureReport>();
        // Outside a cluster every channel is local and nothing is forwarded: the node name only stands in for the advertise address.
        var forwarder = new SourceForwarder(settings.Cluster?.Address ?? settings.NodeName, settings.Cluster?.Secret ?? "", loggerFactory.CreateLogger<SourceForwarder>(), stopping);
        var pushedSources = new PushedSources();
        var connectionListeners = new ConnectionListenerEndpoint(node.Channels, listenerEndpoint, userAgents);
        var connectionSegments = new ConnectionSegmentEndpoint(node.Channels, sessions, node.Listening, clock);
        var hangUps = new HangUpWatch(loggerFactory.CreateLogger<HangUpWatch>(), stopping);
        var requestWaits = OperatingSystem.IsLinux() ? new RequestWaits(loggerFactory.CreateLogger<RequestWaits>(), stopping) : null;
        builder.Services.AddSingleton<IConnectionListenerFactory>(
            new ListenerPortTransport(new SocketRequests(connectionListeners, connectionSegments, hangUps, requestWaits, KeepAliveTimeout, loggerFactory.CreateLogger<SocketRequests>(), stopping), loggerFactory));
        var connections = new ListenerPortConnections(
            node.Channels,
            locator,
            forwarder,
            connectionListeners,
            connectionSegments,
            pushedSources,
            KeepAliveTimeout,
            logins,
            node.System.Materializer(),
            loggerFactory.CreateLogger<ListenerPortConnections>(),
            stopping);
        var certificates = settings.Tls is { } tls ? new ServerCertificates(tls, loggerFactory.CreateLogger<ServerCertificates>()) : null;
        if (certificates is not null)
        {
            builder.Services.AddHostedService(_ => certificates);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.KeepAliveTimeout = KeepAliveTimeout;
            // Streams and live segments are served on the sockets by ListenerPortTransport; the rest reaches this middleware.
            kestrel.Listen(new ListenerPortEndPoint(reservation.ListenerPort.TakeOver()), listen => listen.Use(connections.Wrap));
            if (reservation.TlsPort is { } tlsPort && certificates is not null)
            {
                // TLS first, so the source sniffing and the raw listener path read and write decrypted bytes.
                kestrel.ListenHandle(tlsPort.HandOver(), listen => certificates.UseOn(listen).Use(connections.Wrap));
            }

            kestrel.ListenHandle(reservation.AdminPort.HandOver(), listen =>
            {
                if (settings.Tls is { Admin: true } && certificates is not null)
                {
                    certificates.UseOn(listen);
                }
            });
        });

        var app = builder.Build();
        app.MapWhen(context => context.Connection.LocalPort == settings.AdminPort, admin =>
        {
            admin.UseRouting();
            var adminAccess = new AdminAccess(settings.AdminToken, settings.ReadOnlyTokens, logins, loggerFactory.CreateLogger<AdminAccess>());
            admin.UseEndpoints(endpoints =>
            {
                AdminApi.Map(endpoints, node, adminAccess, clock);
                metrics.MapAdmin(endpoints, adminAccess);
            });
        });
        // A draining node still answers playlists, segments and pages, but asks every client to reconnect for its next
        // request: a kept-alive connection pins an HLS player to this node until Kestrel cuts it at shutdown, and a
        // request sent on it just then fails (ffmpeg gives up the playlist). A new connection goes through the load
        // balancer, which by then routes to nodes that stay.
        app.Use((context, next) =>
        {
            if (sessions.IsDraining)
            {
                context.Response.Headers.Connection = "close";
            }

            return next(context);
        });
        // Under /static only, so a file can never shadow a mount.
        app.UseStaticFiles(new StaticFileOptions { RequestPath = "/static" });
        app.UseListenerAccess(node.Channels, clock);
        app.UseIcecastAdminLogins(logins, app.Services.GetRequiredService<OwnerProxy>(), loggerFactory.CreateLogger(typeof(IcecastAdminLogins)));
        app.UseChannelRedirects(locator, node.Channels, app.Services.GetRequiredService<OwnerProxy>(), clock);
        app.UseRouting();
        app.MapGet(InternalFeedEndpoint.Route, (HttpContext context, string id, InternalFeedEndpoint feed) => feed.HandleAsync(context, id));
        app.MapGet(TranscodeFileEndpoint.Route, (HttpContext context, string id, string file) => TranscodeFileEndpoint.HandleAsync(context, node.Transcodes, node.Listening, id, file));
        TranscodeApi.MapListener(app, node, clock);
        new IcecastAdminEndpoints(node, locator, app.Services.GetRequiredService<OwnerProxy>(), pushedSources, clock).Map(app);
        metrics.MapListener(app);
        ListenerRoutes.Map(app, node);
        HlsRoutes.Map(app, node);
        ArchiveRoutes.Map(app, node);
        return app;
    }

    /// <summary>This node's listener port as the node itself reaches it (loopback when it listens on every address).</summary>
    private static Uri OwnListener(NodeSettings settings)
    {
        var host = settings.HttpBind.Equals(IPAddress.Any) || settings.HttpBind.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : settings.HttpBind;
        return new UriBuilder(Uri.UriSchemeHttp, host.ToString(), settings.HttpPort, "/").Uri;
    }

    /// <summary>The exception at the bottom of Akka's nested aggregates: what really failed.</summary>
    /// <summary>Gives the Elasticsearch push its request timeout to send the last events (the final progress and ends), then stops it.</summary>
    private static async Task StopPushingAsync(ElasticsearchPush? push, Task pushing, CancellationTokenSource stop)
    {
        if (push is null)
        {
            return;
        }

        push.Complete();
        try
        {
            await pushing.WaitAsync(push.Timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pushing.ConfigureAwait(false);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    private static CompositeDisposable HookSignals(ActorSystem system, ILogger log)
    {
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            log.LogInformation("{Signal} received: leaving through coordinated shutdown", context.Signal);
            _ = CoordinatedShutdown.Get(system).Run(new NodeStopReason(context.Signal.ToString()));
        }

        var registrations = new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, Handle)).ToList();
        return new CompositeDisposable(registrations);
    }

    private sealed class CompositeDisposable(IEnumerable<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
