using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Airwave.Cluster;
using Airwave.Hocon.Values;
using Airwave.Node.Tls;
using Airwave.Persistence;

namespace Airwave.Node.Hosting;

/// <summary>
/// The node-level settings: ports, data directory, admin credentials, persistence and the cluster (null: standalone).
/// Reading them writes nothing (only the TLS certificate files are read): a node locks its data directory and binds its ports before it writes there.
/// </summary>
internal sealed record NodeSettings(
    string NodeName,
    string DataDirectory,
    IPAddress HttpBind,
    int HttpPort,
    IPAddress AdminBind,
    int AdminPort,
    string AdminToken,
    IReadOnlyList<string> ReadOnlyTokens,
    string AdminUser,
    string AdminPassword,
    PersistenceOptions Persistence,
    TimeSpan ShutdownPhaseTimeout,
    ClusterOptions? Cluster,
    Streaming.Access.LoginThrottleSettings LoginFailures)
{
    /// <summary>The admin token file's name in the data directory, where the CLI on the same machine finds it.</summary>
    public const string AdminTokenFileName = "admin.token";

    /// <summary>The shortest read-only token accepted: guessing one must be as hopeless as guessing the admin token.</summary>
    private const int MinimumTokenLength = 16;

    /// <summary><c>airwave.tls</c> with its certificate loaded; null when TLS is off.</summary>
    public TlsSettings? Tls { get; init; }

    /// <summary>Reads the settings; <see cref="AdminToken"/> is the configured one, or empty until <see cref="WithAdminTokenFile"/>.</summary>
    /// <remarks>A relative data directory is taken from the working directory the node was started in.</remarks>
    /// <exception cref="FormatException">A value is malformed; the message names the key.</exception>
    public static NodeSettings Read(IConfiguration configuration)
    {
        var dataDirectory = Path.GetFullPath(Required(configuration, "airwave:data-dir"));
        var httpPort = Port(configuration, "airwave:http:port");
        var adminPort = Port(configuration, "airwave:admin:port");
        var cluster = ClusterSettingsReader.Read(configuration, httpPort, adminPort);
        var persistence = ReadPersistence(configuration, dataDirectory, cluster);
        cluster = cluster is null ? null : cluster with { Journal = JournalOf(persistence) };
        var name = configuration["airwave:node-name"];
        return new NodeSettings(
            string.IsNullOrEmpty(name) ? Dns.GetHostName() : name,
            dataDirectory,
            Address(configuration, "airwave:http:bind"),
            httpPort,
            Address(configuration, "airwave:admin:bind"),
            adminPort,
            configuration["airwave:admin:token"] ?? "",
            ReadOnlyTokensOf(configuration),
            configuration["airwave:admin:user"] ?? "admin",
            configuration["airwave:admin:password"] ?? "",
            persistence,
            // Shorter phases cut the drain and the final rewind dumps short.
            Hocon.Values.ConfigurationValueExtensions.GetDuration(configuration, "airwave:actors:shutdown-phase-timeout", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)),
            cluster,
            LoginFailuresOf(configuration.GetSection("airwave:login-failures")))
        {
            Tls = TlsSettings.Read(configuration),
        };
    }

    /// <summary><c>airwave.login-failures</c>.</summary>
    private static Streaming.Access.LoginThrottleSettings LoginFailuresOf(IConfigurationSection section)
    {
        var defaults = Streaming.Access.LoginThrottleSettings.Default;
        var slowAfter = Count(section, "slow-after", defaults.SlowAfter);
        var lockAfter = Count(section, "lock-after", defaults.LockAfter);
        if (lockAfter <= slowAfter)
        {
            throw section.InvalidValue("lock-after", $"is {lockAfter}, not above slow-after ({slowAfter}): failures are slowed down before the client is locked out");
        }

        var exempt = section.GetSection("exempt").GetChildren()
            .Select(entry => IPNetwork.TryParse(entry.Value, out var network) ? network
                : IPAddress.TryParse(entry.Value, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
                : throw section.InvalidValue("exempt:" + entry.Key, $"\"{entry.Value}\" is not an address or a network in CIDR notation (10.0.0.0/8, 192.0.2.7)"))
            .ToList();
        return new Streaming.Access.LoginThrottleSettings(
            slowAfter,
            lockAfter,
            section.GetDuration("window", defaults.Window, TimeSpan.FromSeconds(1)),
            section.GetDuration("lockout", defaults.Lockout, TimeSpan.FromSeconds(1)),
            section.GetDuration("max-delay", defaults.MaxDelay, TimeSpan.Zero),
            exempt);
    }

    private static int Count(IConfigurationSection section, string key, int fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 ? value
        : throw section.InvalidValue(key, $"must be a whole number of at least 1, not \"{text}\"");

    /// <summary><c>airwave.admin.read-only-tokens</c>: tokens that may read the admin API but change nothing.</summary>
    private static List<string> ReadOnlyTokensOf(IConfiguration configuration)
    {
        var entries = configuration.GetSection("airwave:admin:read-only-tokens").GetChildren().ToList();
        if (entries.FirstOrDefault(t => (t.Value ?? "").Length < MinimumTokenLength) is { } tooShort)
        {
            // The entry's own key, so the error names the file and line of that token.
            throw configuration.InvalidValue(
                tooShort.Path,
                $"is a token of {(tooShort.Value ?? "").Length} characters; each needs at least {MinimumTokenLength} (e.g. `openssl rand -hex 16`)");
        }

        return [.. entries.Select(t => t.Value ?? "")];
    }

    /// <summary>
    /// <c>airwave.persistence</c>. With no provider named, a cluster node keeps everything in the cluster database and a
    /// standalone node in SQLite: a cluster's sequence reservations, sessions and runtime channels must be read by every
    /// node, so a cluster node is refused a journal of its own (a new owner would restart a channel's numbering).
    /// </summary>
    private static PersistenceOptions ReadPersistence(IConfiguration configuration, string dataDirectory, ClusterOptions? cluster)
    {
        var provider = configuration["airwave:persistence:provider"] is { Length: > 0 } named ? named : cluster is null ? "sqlite" : "postgresql";
        var schema = configuration["airwave:persistence:schema"] is { Length: > 0 } configured ? configured : cluster?.Schema ?? "public";
        return provider.ToUpperInvariant() switch
        {
            "SQLITE" when cluster is not null => throw configuration.InvalidValue(
                "airwave:persistence:provider",
                "cannot be sqlite on a cluster node: every node must read the same journal, sessions and runtime channels. Leave it unset, and they live in airwave.cluster.database"),
            "SQLITE" => new PersistenceOptions
            {
                Provider = PersistenceProvider.Sqlite,
                DataDirectory = dataDirectory,
                SqliteFileName = configuration["airwave:persistence:sqlite-file"] ?? "airwave.db",
            },
            "POSTGRESQL" => new PersistenceOptions
            {
                Provider = PersistenceProvider.PostgreSql,
                ConnectionString = configuration["airwave:persistence:connection-string"] is { Length: > 0 } connection
                    ? PostgreSqlConnectionString.Checked(configuration, "airwave:persistence:connection-string", connection)
                    : cluster?.ConnectionString ?? Required(configuration, "airwave:persistence:connection-string"),
                Schema = schema,
            },
            _ => throw configuration.InvalidValue("airwave:persistence:provider", $"must be sqlite or postgresql, not \"{provider}\""),
        };
    }

    /// <summary>These settings with the configured token, else the one generated at first start and kept in <c>admin.token</c> (written now).</summary>
    public NodeSettings WithAdminTokenFile() =>
        AdminToken.Length > 0 ? this : this with { AdminToken = ReadOrCreateAdminToken(DataDirectory) };

    private static string ReadOrCreateAdminToken(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, AdminTokenFileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, token + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return token;
    }

    /// <summary>Where the journal is, without credentials: the same text on two nodes means they read the same journal.</summary>
    private static string JournalOf(PersistenceOptions persistence)
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(persistence.ConnectionString);
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{connection.Host}:{connection.Port}/{connection.Database}?schema={persistence.Schema}");
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : throw configuration.InvalidValue(key, "must be set");

    private static int Port(IConfiguration configuration, string key) =>
        int.TryParse(configuration[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw configuration.InvalidValue(key, $"must be a port number, not \"{configuration[key]}\"");

    private static IPAddress Address(IConfiguration configuration, string key) =>
        IPAddress.TryParse(configuration[key], out var address)
            ? address
            : throw configuration.InvalidValue(key, $"must be an IP address, not \"{configuration[key]}\"");
}
