import { mount } from 'svelte';
import '../../assets/page.css';
import OptionsApp from '../../components/options/OptionsApp.svelte';

mount(OptionsApp, { target: document.getElementById('app')! });
