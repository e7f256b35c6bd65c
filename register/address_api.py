"""The person's addresses: list and add, read and correct one, end one (versioned)."""

from __future__ import annotations

from access import policy
from kernel.api_steps import permitted, step_api, with_etag

from . import selectors, services
from .record_endpoints import PersonRecordKind
from .serializers import AddressSerializer, AddressWriteSerializer, EndAddressSerializer

ADDRESSES = PersonRecordKind(
    output=AddressSerializer, write=AddressWriteSerializer, audited_as="address", write_rule="can_edit_nominal"
)

NominalAddressesApi = ADDRESSES.person_records_api(
    "nominal_addresses",
    selector=selectors.addresses_of,
    service=services.add_address,
    list_name="AddressList",
    tags=["nominals"],
    create_description=(
        "Add an address. A new current home address (kind main, no to_date) ends the current home "
        "address on its from_date: a person has one current home address."
    ),
)
AddressApi = ADDRESSES.record_api(
    "addresses",
    selector=selectors.get_address,
    service=services.correct_address,
    record_keyword="address",
    tags=["nominals"],
    update_summary="Correct an address",
)
EndAddressApi = step_api(
    "addresses_end",
    access_rule="people",
    find=permitted(selectors.get_address, lambda user, address: policy.can_edit_nominal(user, address.nominal)),
    record="address",
    service=services.end_address,
    reply=with_etag(AddressSerializer),
    write=EndAddressSerializer,
    versioned="required",
    responses=AddressSerializer,
    tags=["nominals"],
    summary="End an address: the person no longer lives there",
)
