package dev.envelope.cms;

/**
 * {@code RecipientInfo ::= CHOICE { ktri, kari [1], kekri [2], pwri [3], ori [4] }} (RFC 5652 6.2),
 * with RFC 9629's KEMRecipientInfo (an {@code ori} of type id-ori-kem) as its own kind. Every kind
 * decodes, whether or not this version can open it; dispatch is an exhaustive {@code switch}.
 */
public sealed interface RecipientInfo
    permits KeyTransRecipientInfo,
        KeyAgreeRecipientInfo,
        KekRecipientInfo,
        PasswordRecipientInfo,
        KemRecipientInfo,
        OtherRecipientInfo {}
