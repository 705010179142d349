"""La administración en la web: los usuarios y sus roles (`usuarios`) y los buzones de correo que
se sondean, con la salud de cada fuente (`buzones`), y el calendario laboral con sus cierres
institucionales (`calendario`)."""

from __future__ import annotations

from recupera.web.administracion import buzones, calendario, usuarios

BLUEPRINTS = (usuarios.bp, buzones.bp, calendario.bp)
__all__ = ["BLUEPRINTS", "buzones", "calendario", "usuarios"]
