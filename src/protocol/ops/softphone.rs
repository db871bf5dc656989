//! Softphone operations (seed 001 section 6), for agents bound with
//! `endpointType: 3`.

no_params_operation! {
    /// `sipLink()`: answer the ringing softphone call.
    SipLinkParams = "sipLink"
}

no_params_operation! {
    /// `sipUnlink()`: hang up the softphone call.
    SipUnlinkParams = "sipUnlink"
}
