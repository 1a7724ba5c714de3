namespace Verifier.Provenance.Signing;

/// <summary>The rules signing refuses on, each a short name the CLI prints.</summary>
public enum RefusalRule
{
    /// <summary>The signer certificate breaks the C2PA certificate profile (the message names the rule).</summary>
    CertificateProfile,

    /// <summary>The private key does not make signatures the certificate's public key verifies.</summary>
    KeyMismatch,

    /// <summary>The output path is the input path: signing never overwrites its input.</summary>
    OutputIsInput,

    /// <summary>A format Verifier cannot embed a manifest store in.</summary>
    UnsupportedFormat,

    /// <summary>A sidecar for an asset that embeds a store: readers would take the embedded one and never the sidecar.</summary>
    SidecarForEmbeddedStore,

    /// <summary><c>--remote</c> for an asset that already has XMP (merging into it is not supported yet).</summary>
    RemoteWithExistingXmp,

    /// <summary>The parent file has no manifest store to record as an ingredient.</summary>
    ParentWithoutManifest,

    /// <summary>A manifest definition's ingredient that cannot be recorded (unreadable, or a second parent); the entry is named.</summary>
    BadIngredient,

    /// <summary>A fragment to sign that is not one <c>moof</c> + one <c>mdat</c>, is already signed, or would overwrite an input.</summary>
    UnsupportedFragment,
}

/// <summary>Signing refused for a reason the user can fix; <see cref="Rule"/> says which.</summary>
public sealed class SigningRefusedException(RefusalRule rule, string message) : Exception(message)
{
    public RefusalRule Rule { get; } = rule;

    /// <summary>The rule as printed: <c>certificate-profile</c>, <c>key-mismatch</c>, ...</summary>
    public string RuleName => Rule switch
    {
        RefusalRule.CertificateProfile => "certificate-profile",
        RefusalRule.KeyMismatch => "key-mismatch",
        RefusalRule.OutputIsInput => "output-is-input",
        RefusalRule.UnsupportedFormat => "unsupported-format",
        RefusalRule.SidecarForEmbeddedStore => "sidecar-for-embedded-store",
        RefusalRule.RemoteWithExistingXmp => "remote-with-existing-xmp",
        RefusalRule.UnsupportedFragment => "unsupported-fragment",
        RefusalRule.BadIngredient => "bad-ingredient",
        _ => "parent-without-manifest",
    };
}
