//! Which side sends each action. The schemas do not say; the OCPP specifications do.

/// Who may send a CALL of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Charge point to CSMS.
    Cp,
    /// CSMS to charge point.
    Csms,
    /// Either side.
    Both,
}

/// Actions a charge point sends in OCPP 1.6J (core and security extension).
const V16_CP: &[&str] = &[
    "Authorize",
    "BootNotification",
    "DiagnosticsStatusNotification",
    "FirmwareStatusNotification",
    "Heartbeat",
    "MeterValues",
    "StartTransaction",
    "StatusNotification",
    "StopTransaction",
    "SecurityEventNotification",
    "SignCertificate",
    "LogStatusNotification",
    "SignedFirmwareStatusNotification",
];

/// Actions a charging station sends in OCPP 2.0.1.
const V201_CP: &[&str] = &[
    "Authorize",
    "BootNotification",
    "ClearedChargingLimit",
    "FirmwareStatusNotification",
    "Get15118EVCertificate",
    "GetCertificateStatus",
    "Heartbeat",
    "LogStatusNotification",
    "MeterValues",
    "NotifyChargingLimit",
    "NotifyCustomerInformation",
    "NotifyDisplayMessages",
    "NotifyEVChargingNeeds",
    "NotifyEVChargingSchedule",
    "NotifyEvent",
    "NotifyMonitoringReport",
    "NotifyReport",
    "PublishFirmwareStatusNotification",
    "ReportChargingProfiles",
    "ReservationStatusUpdate",
    "SecurityEventNotification",
    "SignCertificate",
    "StatusNotification",
    "TransactionEvent",
];

/// Actions a charging station sends in OCPP 2.1 on top of the 2.0.1 ones.
const V21_CP_EXTRA: &[&str] = &[
    "BatterySwap",
    "ClosePeriodicEventStream",
    "GetCertificateChainStatus",
    "NotifyDERAlarm",
    "NotifyDERStartStop",
    "NotifyPeriodicEventStream",
    "NotifyPriorityCharging",
    "NotifyQRCodeScanned",
    "NotifySettlement",
    "OpenPeriodicEventStream",
    "PullDynamicScheduleUpdate",
    "ReportDERControl",
    "VatNumberValidation",
];

/// The direction of `action` in `version` (`v16`, `v201` or `v21`).
pub(crate) fn direction(version: &str, action: &str) -> Dir {
    if action == "DataTransfer" {
        return Dir::Both;
    }
    let cp = match version {
        "v16" => V16_CP.contains(&action),
        "v201" => V201_CP.contains(&action),
        _ => V201_CP.contains(&action) || V21_CP_EXTRA.contains(&action),
    };
    if cp { Dir::Cp } else { Dir::Csms }
}
