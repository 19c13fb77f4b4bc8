//! Which side sends each action. The schemas do not say; the OCPP specifications do.
//!
//! Checked (December 2026) where a source could be found: the 1.6 core actions against
//! published OCPP 1.6 message references (the security extension's five were not checked), and
//! 2.1's `NotifyWebPaymentStarted` against requirement C25.FR.21 ("the CSMS sends
//! NotifyWebPaymentStartedRequest" to lock the EVSE during a web payment), which CitrineOS
//! quotes. The OCPP 2.1 Part 2 text of the other new actions' use cases could not be found to
//! check: their comments below give the use case block each belongs to and the reading of its
//! initiator, not a quoted sentence.

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

/// Actions a charging station sends in OCPP 2.1 on top of the 2.0.1 ones, each from the use case
/// of OCPP 2.1 Part 2 that defines it (the CALL's sender is the use case's initiator).
const V21_CP_EXTRA: &[&str] = &[
    // C: a payment terminal's settlement, reported by the station
    "NotifySettlement",
    // C: the station asks the CSMS to check a VAT number a driver entered at the terminal
    "VatNumberValidation",
    // A/M: the station asks for the OCSP status of a certificate chain, as GetCertificateStatus
    "GetCertificateChainStatus",
    // N: periodic event streams are opened, fed (SEND) and closed by the station
    "OpenPeriodicEventStream",
    "NotifyPeriodicEventStream",
    "ClosePeriodicEventStream",
    // K: the station pulls an update of a dynamic schedule, and reports priority charging
    "PullDynamicScheduleUpdate",
    "NotifyPriorityCharging",
    // R: DER control: the station reports its controls, alarms and their start and stop
    "ReportDERControl",
    "NotifyDERAlarm",
    "NotifyDERStartStop",
    // battery swap stations report each battery in and out
    "BatterySwap",
];

/// Actions the CSMS sends in OCPP 2.1 on top of the 2.0.1 ones. Listed, not defaulted, so that
/// every action of 2.1 is decided here: the generator fails on one in neither list.
const V21_CSMS_EXTRA: &[&str] = &[
    // C25: web payment (QR code): the CSMS hosts the payment page, so only it knows that a driver
    // opened it and started paying; it tells the station with NotifyWebPaymentStarted (the
    // `evseId` the page was for and a `timeout` after which no result is to be expected), which
    // locks the EVSE meanwhile (C25.FR.21, as CitrineOS quotes it). Some implementations have it
    // the other way round; the station cannot observe the web page.
    "NotifyWebPaymentStarted",
    // I: tariffs are set, read, cleared and changed for a transaction by the CSMS
    "SetDefaultTariff",
    "GetTariffs",
    "ClearTariffs",
    "ChangeTransactionTariff",
    // K: the CSMS pushes schedule updates, allowed energy transfer modes, aFRR signals and
    // priority charging
    "UpdateDynamicSchedule",
    "NotifyAllowedEnergyTransfer",
    "AFRRSignal",
    "UsePriorityCharging",
    // N: the CSMS lists and adjusts the station's periodic event streams
    "GetPeriodicEventStream",
    "AdjustPeriodicEventStream",
    // R: the CSMS sets, reads and clears DER controls
    "SetDERControl",
    "GetDERControl",
    "ClearDERControl",
    // the CSMS asks a battery swap station to release a battery
    "RequestBatterySwap",
];

/// The direction of `action` in `version` (`v16`, `v201` or `v21`); an error for an action of 2.1
/// that is neither in 2.0.1 nor in one of the lists of 2.1's new actions.
pub(crate) fn direction(version: &str, action: &str) -> Result<Dir, String> {
    if action == "DataTransfer" {
        return Ok(Dir::Both);
    }
    let cp = match version {
        "v16" => V16_CP.contains(&action),
        "v201" => V201_CP.contains(&action),
        _ => {
            let new = V21_CP_EXTRA.contains(&action);
            if !new && !V21_CSMS_EXTRA.contains(&action) && !V201_ACTIONS.contains(&action) {
                return Err(format!(
                    "OCPP 2.1 action {action} has no direction: add it to V21_CP_EXTRA or V21_CSMS_EXTRA in codegen/src/directions.rs"
                ));
            }
            new || V201_CP.contains(&action)
        }
    };
    Ok(if cp { Dir::Cp } else { Dir::Csms })
}

/// Every action of OCPP 2.0.1 (the ones 2.1 keeps with their direction).
const V201_ACTIONS: &[&str] = &[
    "Authorize",
    "BootNotification",
    "CancelReservation",
    "CertificateSigned",
    "ChangeAvailability",
    "ClearCache",
    "ClearChargingProfile",
    "ClearDisplayMessage",
    "ClearVariableMonitoring",
    "ClearedChargingLimit",
    "CostUpdated",
    "CustomerInformation",
    "DataTransfer",
    "DeleteCertificate",
    "FirmwareStatusNotification",
    "Get15118EVCertificate",
    "GetBaseReport",
    "GetCertificateStatus",
    "GetChargingProfiles",
    "GetCompositeSchedule",
    "GetDisplayMessages",
    "GetInstalledCertificateIds",
    "GetLocalListVersion",
    "GetLog",
    "GetMonitoringReport",
    "GetReport",
    "GetTransactionStatus",
    "GetVariables",
    "Heartbeat",
    "InstallCertificate",
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
    "PublishFirmware",
    "PublishFirmwareStatusNotification",
    "ReportChargingProfiles",
    "RequestStartTransaction",
    "RequestStopTransaction",
    "ReservationStatusUpdate",
    "ReserveNow",
    "Reset",
    "SecurityEventNotification",
    "SendLocalList",
    "SetChargingProfile",
    "SetDisplayMessage",
    "SetMonitoringBase",
    "SetMonitoringLevel",
    "SetNetworkProfile",
    "SetVariableMonitoring",
    "SetVariables",
    "SignCertificate",
    "StatusNotification",
    "TransactionEvent",
    "TriggerMessage",
    "UnlockConnector",
    "UnpublishFirmware",
    "UpdateFirmware",
];

/// Names in the lists that are not actions of the version's schemas (a renamed draft action).
pub(crate) fn stale(version: &str, actions: &[&str]) -> Vec<&'static str> {
    let lists: &[&[&'static str]] = match version {
        "v16" => &[V16_CP],
        "v201" => &[V201_CP, V201_ACTIONS],
        _ => &[V21_CP_EXTRA, V21_CSMS_EXTRA],
    };
    lists
        .iter()
        .flat_map(|l| l.iter().copied())
        .filter(|a| !actions.contains(a))
        .collect()
}
