"""El almacén de contenido: cada documento una vez, de solo lectura, y verificado al leerlo."""

from __future__ import annotations

import hashlib
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from archivo.almacen import Almacen, BlobCorrupto, BlobInexistente, almacen_de

CARTA = "Panadería El Trigal & Cía., S.A. de C.V. — solicitud de convenio de pago.\n".encode()


@pytest.fixture
def almacen(tmp_path: Path) -> Almacen:
    """Un almacén vacío para la prueba."""
    return almacen_de(tmp_path / "datos")


def _archivos(almacen: Almacen) -> list[Path]:
    """Todos los archivos bajo la raíz del almacén (blobs y cualquier resto temporal)."""
    return sorted(p for p in almacen.raiz.rglob("*") if p.is_file())


def _danar(ruta: Path, datos: bytes = b"alterado") -> None:
    """Simula una alteración del blob en disco."""
    ruta.chmod(0o644)
    ruta.write_bytes(datos)


def test_almacen_de_usa_la_carpeta_blobs_del_directorio_de_datos(tmp_path: Path) -> None:
    """Los blobs de una instalación viven en <data_dir>/blobs."""
    assert almacen_de(tmp_path) == Almacen(tmp_path / "blobs")


def test_guardar_devuelve_el_sha256_y_usa_un_nivel_de_carpetas(almacen: Almacen) -> None:
    """El nombre es el sha256 del contenido, bajo raiz/ab/."""
    sha = almacen.guardar(CARTA)
    assert sha == hashlib.sha256(CARTA).hexdigest()
    assert almacen.ruta(sha) == almacen.raiz / sha[:2] / sha
    assert _archivos(almacen) == [almacen.ruta(sha)]


def test_lo_guardado_se_lee_igual(almacen: Almacen) -> None:
    """leer devuelve exactamente los bytes guardados."""
    assert almacen.leer(almacen.guardar(CARTA)) == CARTA


def test_el_mismo_contenido_se_guarda_una_sola_vez(almacen: Almacen) -> None:
    """Guardar dos veces los mismos bytes da el mismo nombre y un solo archivo."""
    primero = almacen.guardar(CARTA)
    segundo = almacen.guardar(CARTA)
    assert primero == segundo
    assert _archivos(almacen) == [almacen.ruta(primero)]


def test_el_blob_queda_de_solo_lectura(almacen: Almacen) -> None:
    """Nadie debe poder modificar un documento guardado sin cambiarle los permisos antes."""
    ruta = almacen.ruta(almacen.guardar(CARTA))
    assert stat.S_IMODE(ruta.stat().st_mode) == 0o444


def test_un_blob_alterado_no_se_lee_y_no_verifica(almacen: Almacen) -> None:
    """GIVEN un blob cuyo archivo alguien cambió WHEN se lee THEN BlobCorrupto nombra su sha256."""
    sha = almacen.guardar(CARTA)
    _danar(almacen.ruta(sha))
    with pytest.raises(BlobCorrupto, match=sha):
        almacen.leer(sha)
    assert almacen.verificar(sha) is False
    assert almacen.existe(sha)


def test_guardar_sobre_un_blob_danado_avisa_y_no_lo_pisa(almacen: Almacen) -> None:
    """Escritura única: un blob dañado no se reemplaza en silencio (es evidencia); se avisa."""
    sha = almacen.guardar(CARTA)
    _danar(almacen.ruta(sha))
    with pytest.raises(BlobCorrupto, match=sha):
        almacen.guardar(CARTA)
    with pytest.raises(BlobCorrupto, match=sha):
        almacen.guardar_archivo(_escribir(almacen.raiz.parent / "carta.txt", CARTA))
    assert almacen.ruta(sha).read_bytes() == b"alterado"
    assert _archivos(almacen) == [almacen.ruta(sha)]


def test_un_blob_que_no_existe_da_blob_inexistente(almacen: Almacen) -> None:
    """Leer lo que no está es un error de dominio; existe y verificar dicen que no."""
    sha = hashlib.sha256(b"nunca guardado").hexdigest()
    with pytest.raises(BlobInexistente, match=sha):
        almacen.leer(sha)
    assert almacen.existe(sha) is False
    assert almacen.verificar(sha) is False


@pytest.mark.parametrize(
    "nombre",
    [
        "../../etc/passwd",
        "A" * 64,
        hashlib.sha256(b"x").hexdigest().upper(),
        "ab12",
        hashlib.sha256(b"x").hexdigest() + "0",
        hashlib.sha256(b"x").hexdigest() + "\n",
        "../" + hashlib.sha256(b"x").hexdigest()[3:],
        "",
    ],
)
def test_un_nombre_que_no_es_sha256_se_rechaza(almacen: Almacen, nombre: str) -> None:
    """Solo 64 hexadecimales en minúscula: nada de rutas relativas ni nombres a medias."""
    for operacion in (almacen.ruta, almacen.leer, almacen.existe, almacen.verificar):
        with pytest.raises(ValueError, match="sha256"):
            operacion(nombre)


def test_guardar_a_la_vez_desde_cuatro_hilos_deja_un_solo_archivo(almacen: Almacen) -> None:
    """Cuatro hilos guardan los mismos bytes a la vez: un archivo, íntegro, sin temporales."""
    datos = CARTA * 50_000  # unos 4 MB: la escritura dura lo bastante para solaparse
    salida = threading.Barrier(4)

    def guardar() -> str:
        salida.wait()
        return almacen.guardar(datos)

    with ThreadPoolExecutor(max_workers=4) as hilos:
        nombres = list(hilos.map(lambda _: guardar(), range(4)))
    assert len(set(nombres)) == 1
    assert _archivos(almacen) == [almacen.ruta(nombres[0])]
    assert almacen.leer(nombres[0]) == datos


def test_guardar_archivo_equivale_a_guardar_los_mismos_bytes(
    almacen: Almacen, tmp_path: Path
) -> None:
    """La versión por archivo (para escaneos grandes) da el mismo nombre y no deja temporales."""
    datos = bytes(range(256)) * 20_000  # 5 MB, más que un bloque de copia
    sha = almacen.guardar_archivo(_escribir(tmp_path / "escaneo.pdf", datos))
    assert sha == almacen.guardar(datos) == hashlib.sha256(datos).hexdigest()
    assert almacen.leer(sha) == datos
    assert stat.S_IMODE(almacen.ruta(sha).stat().st_mode) == 0o444
    assert _archivos(almacen) == [almacen.ruta(sha)]


def test_guardar_archivo_de_algo_ya_guardado_no_duplica(almacen: Almacen, tmp_path: Path) -> None:
    """Si el contenido ya estaba, guardar_archivo lo reconoce y no deja nada más."""
    sha = almacen.guardar(CARTA)
    assert almacen.guardar_archivo(_escribir(tmp_path / "carta.txt", CARTA)) == sha
    assert _archivos(almacen) == [almacen.ruta(sha)]


def test_el_contenido_vacio_tambien_se_guarda(almacen: Almacen, tmp_path: Path) -> None:
    """Un archivo vacío es un documento válido (p. ej. un adjunto sin datos)."""
    sha = almacen.guardar(b"")
    assert sha == hashlib.sha256(b"").hexdigest()
    assert almacen.leer(sha) == b""
    assert almacen.verificar(sha)
    assert almacen.guardar_archivo(_escribir(tmp_path / "vacio.bin", b"")) == sha


def _escribir(ruta: Path, datos: bytes) -> Path:
    """Escribe un archivo de origen para guardar_archivo."""
    ruta.write_bytes(datos)
    return ruta
