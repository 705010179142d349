"""Expedientes de prueba para el archivo: con patrono, jefe y los documentos que se pidan, cada
uno con su original y su PDF de verdad (páginas en blanco: lo que importa son los folios)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from pypdf import PdfWriter
from sqlmodel import Session, select

from archivo.almacen import Almacen
from archivo.documentos import DocumentoExpediente, OrigenDocumento, incorporar_documento
from expedientes import (
    Expediente,
    Patrono,
    Usuario,
    abrir_expediente,
    cambiar_etapa,
    registrar_gestion,
    registrar_patrono,
)
from tests.expedientes.datos import NIT_PEREZ

HOY = date(2026, 11, 30)
RAZON = 'Pérez & Cía <S.A. de C.V.> "La Espiga" {{ x }} Ñandú'
TRANSACCION = [
    "solicitud_patrono",
    "estado_cuenta",
    "anteproyecto_acuerdo",
    "acuerdo_consejo",
    "constancia_aplicacion",
]


def alterar_blob(almacen: Almacen, sha256: str) -> None:
    """Cambia un bit del medio del blob (del mismo tamaño: solo la suma lo delata), como lo haría
    un disco que falla o alguien con acceso a la carpeta."""
    ruta = almacen.ruta(sha256)
    ruta.chmod(0o644)
    datos = bytearray(ruta.read_bytes())
    datos[len(datos) // 2] ^= 1
    ruta.write_bytes(bytes(datos))


def pdf_de(paginas: int, marca: str = "") -> bytes:
    """Un PDF con tantas páginas en blanco (y una marca para que cada uno sea distinto)."""
    escritor = PdfWriter()
    for _ in range(paginas):
        escritor.add_blank_page(612, 792)
    escritor.add_metadata({"/Title": marca or f"{paginas} páginas"})
    salida = BytesIO()
    escritor.write(salida)
    return salida.getvalue()


@dataclass
class Archivable:
    """Un expediente en gestión, con su jefe."""

    expediente: Expediente
    jefe: Usuario


def usuario(session: Session, nombre: str, rol: str) -> Usuario:
    """Un usuario sin argon2 (rápido)."""
    nuevo = Usuario(
        nombre_usuario=nombre, nombre_completo=f"{nombre.title()} Núñez", rol=rol,
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$ficticio$ficticio", token_sesion="0" * 32,
    )  # fmt: skip
    session.add(nuevo)
    session.flush()
    return nuevo


def expediente_en_gestion(
    session: Session, tipo: str = "transaccion", numero_patronal: str = "310145678"
) -> Archivable:
    """Un expediente con una gestión (en gestión, o en el Consejo si es una transacción), de un
    patrono con nombre hostil; el patrono y el jefe se crean la primera vez."""
    jefe = session.exec(select(Usuario).where(Usuario.nombre_usuario == "jefe")).first()
    if jefe is None:
        jefe = usuario(session, "jefe", "jefe")
    if (
        session.exec(select(Patrono).where(Patrono.numero_patronal == numero_patronal)).first()
        is None
    ):
        registrar_patrono(
            session=session,
            campos={"numero_patronal": numero_patronal, "nit": NIT_PEREZ, "razon_social": RAZON,
                    "sucursal": "San Salvador"},
        )  # fmt: skip
    expediente = abrir_expediente(
        session=session, numero_patronal=numero_patronal, tipo=tipo, hoy=date(2026, 1, 5),
        asunto="Exoneración de multas & recargos <2025>",
    )  # fmt: skip
    registrar_gestion(
        session=session, expediente=expediente, tipo="visita", fecha=date(2026, 2, 2),
        nota="Entregó solicitud", autor=jefe, hoy=HOY,
    )  # fmt: skip
    if tipo == "transaccion":
        cambiar_etapa(session=session, expediente=expediente, nueva="en_consejo", hoy=HOY)
    return Archivable(expediente, jefe)


def agregar(
    session: Session,
    almacen: Almacen,
    expediente: Expediente,
    tipo: str,
    folios: int = 2,
    **extra: str,
) -> DocumentoExpediente:
    """Incorpora un documento escaneado del tipo, con original y PDF en el almacén."""
    original = pdf_de(folios, f"{expediente.numero} {tipo} {extra}")
    sha = almacen.guardar(original)
    return incorporar_documento(
        session=session, expediente=expediente, tipo=tipo, titulo=f"{tipo.replace('_', ' ')} & <copia>",
        fecha=date(2026, 3, 1), origen=OrigenDocumento.ESCANEADO, sha256=sha, sha256_pdf=sha, folios=folios,
        nombre_archivo=f"{tipo}.pdf", tipo_mime="application/pdf", **extra,
    )  # fmt: skip


def completo(session: Session, almacen: Almacen) -> Archivable:
    """Un expediente de transacción con los cinco documentos que exige para archivarse."""
    caso = expediente_en_gestion(session)
    for folios, tipo in enumerate(TRANSACCION, start=1):
        agregar(session, almacen, caso.expediente, tipo, folios=folios)
    return caso
