import { mount } from 'svelte';
import OptionsApp from '../../components/OptionsApp.svelte';

mount(OptionsApp, { target: document.getElementById('app')! });
