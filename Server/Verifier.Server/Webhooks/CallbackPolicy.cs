using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Verifier.Server.Webhooks;

/// <summary>
/// Which callback URLs are taken: absolute http(s) only, on a host of <see cref="ServerOptions.CallbackAllow"/> when the
/// operator gave that list, and never this service itself (a callback to our own API would feed it its own output).
/// Checked at upload on the name, and again at connect time on each resolved address, so a name that resolves to this
/// service is refused as well.
/// </summary>
public sealed class CallbackPolicy(ServerOptions options, IServer server)
{
    /// <summary>The callback URL <paramref name="text"/> names, or null with the <paramref name="problem"/> that refuses it.</summary>
    public Uri? Accept(string text, out string? problem)
    {
        problem = Problem(text);
        return problem is null ? new Uri(text, UriKind.Absolute) : null;
    }

    private string? Problem(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http or https URL";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password";
        }

        if (!IsAllowedHost(uri.IdnHost))
        {
            return $"host {uri.IdnHost} is not on this server's callback allow-list";
        }

        if (IPAddress.TryParse(uri.IdnHost, out var address) && IsSelf(address, uri.Port) || IsSelfName(uri))
        {
            return "points at this service itself";
        }

        return null;
    }

    private bool IsAllowedHost(string host) =>
        options.CallbackAllow.Count == 0
        || options.CallbackAllow.Any(allowed => allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : host.Equals(allowed, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="address"/>:<paramref name="port"/> reaches this service's own listener.</summary>
    public bool IsSelf(IPAddress address, int port)
    {
        foreach (var listen in Listening())
        {
            if (listen.Port != port)
            {
                continue;
            }

            if (!IPAddress.TryParse(listen.IdnHost, out var bound) || bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any))
            {
                // A wildcard or named binding: any address of this machine reaches it.
                if (IPAddress.IsLoopback(address) || IsLocal(address))
                {
                    return true;
                }
            }
            else if (Normal(bound).Equals(Normal(address)) || IPAddress.IsLoopback(bound) && IPAddress.IsLoopback(address))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSelfName(Uri uri) =>
        uri.IsLoopback && Listening().Any(listen => listen.Port == uri.Port)
        || Listening().Any(listen => listen.Port == uri.Port && listen.IdnHost.Equals(uri.IdnHost, StringComparison.OrdinalIgnoreCase));

    private IEnumerable<Uri> Listening()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            // Kestrel writes wildcards as http://[::]:80 or http://+:80 or http://*:80; the port is what matters for those.
            if (Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                yield return uri;
            }
        }
    }

    private static bool IsLocal(IPAddress address)
    {
        var normal = Normal(address);
        return NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Any(a => Normal(a.Address).Equals(normal));
    }

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
