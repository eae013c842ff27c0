// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/Ikev2Fields.h"

#include "wire/IsakmpFields.h"

namespace ipseclab::wire::ikev2_fields {

namespace {

constexpr const Field* kAll[] = {
    &kCritical,          &kPayloadIdI,       &kPayloadIdR,      &kPayloadAuth,      &kPayloadTsI,
    &kPayloadTsR,        &kPayloadSk,        &kPayloadCp,       &kTransformType,    &kTransformIdEncr,
    &kTransformIdPrf,    &kTransformIdInteg, &kTransformIdDh,   &kTransformIdEsn,   &kTransformId,
    &kAttribute,         &kAttributeType,    &kAttributeLength, &kAttributeValue,   &kAttributeKeyLength,
    &kDhGroup,           &kAuthMethod,       &kAuthData,        &kAcceptedDhGroup,  &kSignatureHash,
    &kTsNumber,          &kTsData,           &kTsType,          &kTsProtocol,       &kTsLength,
    &kTsStartPort,       &kTsEndPort,        &kTsStartIpv4,     &kTsEndIpv4,        &kTsStartIpv6,
    &kTsEndIpv6,         &kCfgType,          &kCfgAttribute,    &kCfgAttributeType, &kCfgAttributeLength,
    &kCfgAttributeValue,
};

} // namespace

const Field& payloadField(ikev2::PayloadType type) {
    using ikev2::PayloadType;
    namespace v1 = isakmp_fields;
    switch (type) {
    case PayloadType::Sa: return v1::kPayloadSa;
    case PayloadType::Ke: return v1::kPayloadKe;
    case PayloadType::IdI: return kPayloadIdI;
    case PayloadType::IdR: return kPayloadIdR;
    case PayloadType::Cert: return v1::kPayloadCert;
    case PayloadType::CertReq: return v1::kPayloadCr;
    case PayloadType::Auth: return kPayloadAuth;
    case PayloadType::Nonce: return v1::kPayloadNonce;
    case PayloadType::Notify: return v1::kPayloadNotification;
    case PayloadType::Delete: return v1::kPayloadDelete;
    case PayloadType::VendorId: return v1::kPayloadVendorId;
    case PayloadType::TsI: return kPayloadTsI;
    case PayloadType::TsR: return kPayloadTsR;
    case PayloadType::Encrypted: return kPayloadSk;
    case PayloadType::Config: return kPayloadCp;
    default: return v1::kPayloadOther;
    }
}

const Field& transformIdField(ikev2::TransformType type) {
    switch (type) {
    case ikev2::TransformType::Encryption: return kTransformIdEncr;
    case ikev2::TransformType::Prf: return kTransformIdPrf;
    case ikev2::TransformType::Integrity: return kTransformIdInteg;
    case ikev2::TransformType::DiffieHellman: return kTransformIdDh;
    case ikev2::TransformType::Esn: return kTransformIdEsn;
    }
    return kTransformId;
}

std::span<const Field* const> all() { return kAll; }

} // namespace ipseclab::wire::ikev2_fields
