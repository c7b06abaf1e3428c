"""How staff members are named: on screens, and in records that outlive their account."""


def display_name(user) -> str:
    """The staff member's full name, else their username; "" for nobody."""
    return (user.get_full_name() or user.get_username()) if user else ""
