namespace Verifier.Provenance.Identity;

/// <summary>CAWG identity assertion status codes, spelled as c2pa-rs 0.91 reports them.</summary>
public static class IdentityCodes
{
    public const string WellFormed = "cawg.identity.well-formed";
    public const string PadInvalid = "cawg.identity.pad.invalid";
    public const string AssertionMismatch = "cawg.identity.assertion.mismatch";
    public const string AssertionDuplicate = "cawg.identity.assertion.duplicate";
    public const string HardBindingMissing = "cawg.identity.hard_binding_missing";
    public const string SigTypeUnknown = "cawg.identity.sig_type.unknown";

    public const string X509SignatureValidated = "cawg.x509.signature.validated";
    public const string X509SignatureMismatch = "cawg.x509.signature.mismatch";
    public const string X509SignatureOutsideValidity = "cawg.x509.signature.outside_validity";
    public const string X509CredentialTrusted = "cawg.x509.credential.trusted";
    public const string X509CredentialUntrusted = "cawg.x509.credential.untrusted";
    public const string X509CredentialInvalid = "cawg.x509.credential.invalid";
    public const string X509AlgorithmUnsupported = "cawg.x509.algorithm.unsupported";

    public const string IcaCredentialValid = "cawg.ica.credential_valid";
    public const string IcaInvalidCoseSign1 = "cawg.ica.invalid_cose_sign1";
    public const string IcaInvalidAlg = "cawg.ica.invalid_alg";
    public const string IcaInvalidContentType = "cawg.ica.invalid_content_type";
    public const string IcaInvalidVerifiableCredential = "cawg.ica.invalid_verifiable_credential";
    public const string IcaInvalidIssuer = "cawg.ica.invalid_issuer";
    public const string IcaDidUnavailable = "cawg.ica.did_unavailable";
    public const string IcaInvalidDidDocument = "cawg.ica.invalid_did_document";
    public const string IcaSignatureMismatch = "cawg.ica.signature_mismatch";
    public const string IcaUntrustedIssuer = "cawg.ica.untrusted_issuer";
    public const string IcaTimeStampValidated = "cawg.ica.time_stamp.validated";
    public const string IcaTimeStampInvalid = "cawg.ica.time_stamp.invalid";
    public const string IcaValidFromMissing = "cawg.ica.valid_from.missing";
    public const string IcaValidFromInvalid = "cawg.ica.valid_from.invalid";
    public const string IcaValidUntilInvalid = "cawg.ica.valid_until.invalid";
    public const string IcaSignerPayloadMismatch = "cawg.ica.signer_payload.mismatch";
}
