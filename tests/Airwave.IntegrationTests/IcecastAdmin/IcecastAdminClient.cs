using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.IcecastAdmin;

/// <summary>Calls Icecast's admin URLs as AzuraCast and Icecast's admin pages do: a GET with Basic credentials, the answer parsed as XML.</summary>
internal sealed class IcecastAdminClient(NodeProcess node, string user = "admin", string password = IcecastAdminNode.AdminPassword) : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The status, content type and body of <c>GET <paramref name="pathAndQuery"/></c>.</summary>
    public async Task<(int Status, string? ContentType, string Body, HttpResponseMessage Response)> GetAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, node.Http(pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        var response = await http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>The XML document at <paramref name="pathAndQuery"/>; fails unless it is a 200 <c>text/xml</c>.</summary>
    public async Task<XDocument> XmlAsync(string pathAndQuery)
    {
        var (status, type, body, response) = await GetAsync(pathAndQuery);
        response.Dispose();
        Assert.True(status == 200, $"{pathAndQuery}: {status} {body}");
        Assert.Equal("text/xml", type);
        return XDocument.Parse(body);
    }

    /// <summary>The <c>&lt;source&gt;</c> element of <paramref name="mount"/> in <c>listclients</c>.</summary>
    public async Task<XElement> ClientsAsync(string mount)
    {
        var document = await XmlAsync("/admin/listclients?mount=" + Uri.EscapeDataString(mount));
        return Assert.Single(document.Root!.Elements("source"), s => (string?)s.Attribute("mount") == mount);
    }

    public void Dispose() => http.Dispose();
}
