using Verifier.Provenance.Cbor;
using Verifier.Provenance.Claims;

namespace Verifier.Provenance.Assertions;

/// <summary>One action of a <c>c2pa.actions</c> / <c>c2pa.actions.v2</c> assertion.</summary>
public sealed record C2paAction(
    string Name,
    string? DigitalSourceType,
    string? SoftwareAgent,
    string? When,
    bool HasParameters,
    HashedUri? Ingredient,
    IReadOnlyList<HashedUri>? Ingredients,
    string? Redacted);

/// <summary>The actions assertion: what was done to the asset, in order.</summary>
public sealed class ActionsAssertion
{
    public const string BaseLabel = "c2pa.actions";

    private ActionsAssertion(IReadOnlyList<C2paAction> actions) => Actions = actions;

    public IReadOnlyList<C2paAction> Actions { get; }

    /// <summary>Reads the assertion; null when it is not a map with an <c>actions</c> array.</summary>
    public static ActionsAssertion? From(CborNode? node)
    {
        var list = node?["actions"];
        if (list is null || !list.Untagged.IsArray)
        {
            return null;
        }

        var actions = new List<C2paAction>();
        foreach (var a in list.Untagged.Items)
        {
            var parameters = a["parameters"];
            var agent = a["softwareAgent"];
            actions.Add(new C2paAction(
                a["action"]?.Text ?? "",
                a["digitalSourceType"]?.Text,
                agent?.Text ?? agent?["name"]?.Text,
                a["when"]?.Text,
                parameters is not null,
                HashedUri.From(parameters?["ingredient"]),
                parameters?["ingredients"] is { } ing ? ing.Untagged.Items.Select(HashedUri.From).OfType<HashedUri>().ToList() : null,
                parameters?["redacted"]?.Text));
        }

        return new ActionsAssertion(actions);
    }
}
